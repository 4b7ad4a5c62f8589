using ChatCommerce.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ChatCommerce.BotServer.Tests.Support;

/// <summary>
/// The real BotServer on Kestrel (real sockets, h2c) with a fresh LiteDB in a temp directory,
/// the demo data seeded, and a known admin key.
/// </summary>
public sealed class BotServerApp : WebApplicationFactory<Program>
{
    public const string AdminKey = BotServerProcess.AdminKey;

    private readonly Dictionary<string, string?> _settings;
    private GrpcChannel? _channel;

    private readonly bool _ownsDirectory;
    private readonly TimeProvider? _time;

    /// <param name="settings">Configuration overrides.</param>
    /// <param name="dataDirectory">An existing data directory to reuse (a restart); it is then not deleted.</param>
    /// <param name="time">A clock to run the server on (a FakeTimeProvider for deadlines); the system clock by default.</param>
    public BotServerApp(IDictionary<string, string?>? settings = null, string? dataDirectory = null, TimeProvider? time = null)
    {
        _time = time;
        _ownsDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? NewDataDirectory();
        _settings = new Dictionary<string, string?>
        {
            ["Grpc:Url"] = "http://127.0.0.1:0",
            ["Http:Url"] = "none",
            ["Storage:Directory"] = DataDirectory,
            ["Admin:ApiKey"] = AdminKey,
            ["Demo:Seed"] = "true",
            // Tests make hundreds of calls at once with one key; LimitsTests turns limiting on.
            ["RateLimit:PermitsPerSecond"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        UseKestrel();
    }

    public string DataDirectory { get; }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "chatcommerce-tests", Guid.NewGuid().ToString("n"));

    /// <summary>The h2c gRPC address the server listens on.</summary>
    public Uri GrpcAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First());
        }
    }

    public GrpcChannel Channel => _channel ??= GrpcChannel.ForAddress(GrpcAddress);

    public static Metadata Key(string apiKey) => new() { { "x-api-key", apiKey } };

    public static Metadata Admin => Key(AdminKey);

    public ChatBot.ChatBotClient ChatBot() => new(Channel);

    public Contracts.V1.Catalog.CatalogClient Catalog() => new(Channel);

    public Contracts.V1.Merchants.MerchantsClient Merchants() => new(Channel);

    public Contracts.V1.GroupBuys.GroupBuysClient GroupBuys() => new(Channel);

    /// <summary>
    /// A second tenant with a key of the given role, written through the server's own stores
    /// (the Merchants RPCs that create them belong to the merchants feature).
    /// </summary>
    public Metadata NewMerchantKey(string merchantId, BotServer.Merchants.ApiKeyRole role = BotServer.Merchants.ApiKeyRole.Merchant)
    {
        StartServer();
        var now = DateTime.UtcNow;
        Services.GetRequiredService<BotServer.Merchants.IMerchantStore>()
            .TryCreate(new BotServer.Merchants.Merchant { Id = merchantId, DisplayName = merchantId, CreatedAt = now });
        var (key, record) = BotServer.Merchants.ApiKeySecrets.Generate(merchantId, role, "tests", now);
        Services.GetRequiredService<BotServer.Merchants.IApiKeyStore>().Insert(record);
        return Key(key);
    }

    public string DemoConnectorKey()
    {
        StartServer();
        return File.ReadAllText(Path.Combine(DataDirectory, "demo-connector.key")).Trim();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_time));
        }
    }

    protected override void Dispose(bool disposing)
    {
        _channel?.Dispose();
        base.Dispose(disposing);
        if (disposing && _ownsDirectory && Directory.Exists(DataDirectory))
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a finishing background task; the OS temp cleaner takes it.
            }
        }
    }
}
