using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatCommerce.BotServer.Grpc;

/// <summary>
/// Binds the gRPC services the way grpc-dotnet's default method provider does (through the generated
/// <c>BindService</c>), with one difference: a request whose payload is not the request message gets
/// INVALID_ARGUMENT with a MALFORMED_REQUEST reason. Without this, the generated marshaller's parse
/// failure surfaces as UNKNOWN ("Exception was thrown by handler"), before any interceptor of ours runs.
/// </summary>
public static class StrictRequestBinding
{
    /// <summary>grpc-dotnet's own provider, replaced below (the name is checked at start-up, not assumed).</summary>
    private const string DefaultProviderName = "BinderServiceMethodProvider`1";

    public static IServiceCollection UseStrictRequestParsing(this IServiceCollection services)
    {
        var defaults = services
            .Where(d => d.ServiceType == typeof(IServiceMethodProvider<>) && d.ImplementationType?.Name == DefaultProviderName)
            .ToList();
        if (defaults.Count != 1)
        {
            throw new InvalidOperationException(
                $"Expected grpc-dotnet's {DefaultProviderName} once after AddGrpc(), found it {defaults.Count} times; request parsing cannot be made strict.");
        }
        services.Remove(defaults[0]);
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(StrictServiceMethodProvider<>)));
        return services;
    }

    /// <summary>The request marshaller with its parse failure turned into a client error.</summary>
    internal static Marshaller<T> Strict<T>(Marshaller<T> marshaller) => new(
        marshaller.ContextualSerializer,
        context =>
        {
            try
            {
                return marshaller.ContextualDeserializer(context);
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw Malformed(typeof(T), ex.Message);
            }
        });

    private static RpcException Malformed(System.Type messageType, string reason)
    {
        var name = MessageName(messageType);
        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = $"The request is not a valid {name} message: {reason}",
            Details = { Any.Pack(new ErrorInfo { Reason = "MALFORMED_REQUEST", Domain = "chatcommerce.v1", Metadata = { ["message_type"] = name } }) },
        }.ToRpcException();
    }

    private static string MessageName(System.Type messageType) =>
        messageType.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is Google.Protobuf.Reflection.MessageDescriptor descriptor
            ? descriptor.FullName
            : messageType.Name;
}

/// <summary>Finds a service's generated <c>BindService</c> and lets it add its methods through <see cref="StrictServiceBinder{TService}"/>.</summary>
internal sealed class StrictServiceMethodProvider<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is not { } bind)
            {
                continue;
            }
            var bindService = bind.BindType.GetMethod(bind.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), type])
                ?? throw new InvalidOperationException($"{bind.BindType}.{bind.BindMethodName} not found for {typeof(TService)}.");
            // The generated code only reads the implementation to build handlers, which this binder does not use.
            bindService.Invoke(null, [new StrictServiceBinder<TService>(context, type), null]);
            return;
        }
        throw new InvalidOperationException($"{typeof(TService)} has no generated base class with [BindServiceMethod]; it cannot be mapped as a gRPC service.");
    }
}

/// <summary>Adds each generated method with a strict request marshaller; the call goes to the service instance's override.</summary>
internal sealed class StrictServiceBinder<TService>(ServiceMethodProviderContext<TService> context, System.Type generatedBase) : ServiceBinderBase
    where TService : class
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Bind<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
        context.AddUnaryMethod(Strict(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Bind<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
        context.AddClientStreamingMethod(Strict(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Bind<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        context.AddServerStreamingMethod(Strict(method), metadata, invoker);
    }

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
    {
        var (invoker, metadata) = Bind<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
            method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
        context.AddDuplexStreamingMethod(Strict(method), metadata, invoker);
    }

    private static Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class where TResponse : class =>
        new(method.Type, method.ServiceName, method.Name, StrictRequestBinding.Strict(method.RequestMarshaller), method.ResponseMarshaller);

    /// <summary>An open delegate to the instance method that overrides the generated one, and the endpoint metadata grpc-dotnet would give it.</summary>
    private (TDelegate Invoker, List<object> Metadata) Bind<TDelegate>(string name, params System.Type[] parameters) where TDelegate : Delegate
    {
        var handler = typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters);
        if (handler is null || !handler.IsVirtual || handler.GetBaseDefinition().DeclaringType != generatedBase)
        {
            throw new InvalidOperationException($"{typeof(TService)} has no method that implements {generatedBase}.{name}.");
        }
        List<object> metadata =
        [
            // Type first, method last: the method's attributes win, as with grpc-dotnet's own binder.
            .. typeof(TService).GetCustomAttributes(inherit: true),
            .. handler.GetCustomAttributes(inherit: true),
            new HttpMethodMetadata(["POST"], acceptCorsPreflight: true),
        ];
        return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
    }
}
