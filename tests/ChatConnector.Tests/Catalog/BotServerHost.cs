extern alias BotServer;

using ChatCommerce.ChatConnector.Relay;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using CatalogClient = ChatCommerce.Contracts.V1.Catalog.CatalogClient;

namespace ChatCommerce.ChatConnector.Tests.Catalog;

/// <summary>
/// The real BotServer on Kestrel (h2c on a free port) with a fresh LiteDB in a temp directory,
/// the demo merchant seeded and a known admin key; one per test class.
/// </summary>
public sealed class BotServerHost : WebApplicationFactory<BotServer::Program>
{
    public const string AdminKey = "catalog-import-admin-key";
    public const string Merchant = "demo";

    private readonly string _dataDirectory;
    private readonly int _port;
    private readonly bool _ownsDirectory;
    private GrpcChannel? _channel;

    public BotServerHost() : this(null, 0)
    {
    }

    /// <summary>A server on a fixed port over a data directory it does not own: start it again there to restart it.</summary>
    /// <param name="dataDirectory">The data directory, reused across restarts and not deleted.</param>
    /// <param name="port">A fixed port, so a restarted server is found where connectors look.</param>
    public static BotServerHost At(string dataDirectory, int port) => new(dataDirectory, port);

    private BotServerHost(string? dataDirectory, int port)
    {
        _ownsDirectory = dataDirectory is null;
        _dataDirectory = dataDirectory ?? NewDataDirectory();
        _port = port;
        UseKestrel();
    }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "chatcommerce-tests", Guid.NewGuid().ToString("n"));

    public static Metadata Admin => new() { { RelayClient.ApiKeyHeader, AdminKey } };

    /// <summary>The h2c address the server listens on; starts it on first use.</summary>
    public Uri GrpcAddress
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }

    public CatalogClient Catalog() => new(_channel ??= GrpcChannel.ForAddress(GrpcAddress));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Grpc:Url", $"http://127.0.0.1:{_port}");
        builder.UseSetting("Http:Url", "none");
        builder.UseSetting("Storage:Directory", _dataDirectory);
        builder.UseSetting("Admin:ApiKey", AdminKey);
        builder.UseSetting("Demo:Seed", "true");
    }

    protected override void Dispose(bool disposing)
    {
        _channel?.Dispose();
        base.Dispose(disposing);
        if (disposing && _ownsDirectory && Directory.Exists(_dataDirectory))
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a finishing background task; the OS temp cleaner takes it.
            }
        }
    }
}
