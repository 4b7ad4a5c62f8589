using ChatCommerce.BotServer.Merchants.Auth;
using Grpc.Core;

namespace ChatCommerce.BotServer.Grpc;

public static class CallerExtensions
{
    public static Caller Caller(this ServerCallContext context) => Merchants.Auth.Caller.FromPrincipal(context.GetHttpContext().User);
}
