using System.Net.Http.Json;
using System.Text.Json;
using ChatCommerce.BotServer.Tests.Support;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace ChatCommerce.BotServer.Tests.Grpc;

public sealed class HostingTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    [Fact]
    public async Task HealthIsServingWithoutAnApiKey()
    {
        var health = new Health.HealthClient(server.App.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task ReflectionListsEveryChatCommerceService()
    {
        var reflection = new ServerReflection.ServerReflectionClient(server.App.Channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Superset(
            new HashSet<string> { "chatcommerce.v1.ChatBot", "chatcommerce.v1.Catalog", "chatcommerce.v1.Recommendations", "chatcommerce.v1.GroupBuys", "chatcommerce.v1.Merchants" },
            names.ToHashSet());
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task TheAdminKeyIsGeneratedOnceSavedOwnerOnlyAndWorksAfterARestart()
    {
        var settings = new Dictionary<string, string?> { ["Admin:ApiKey"] = "", ["Demo:Seed"] = "true" };
        var directory = BotServerApp.NewDataDirectory();
        var keyFile = Path.Combine(directory, "admin.key");
        try
        {
            using (var first = new BotServerApp(settings, directory))
            {
                _ = first.GrpcAddress;
            }
            var generated = File.ReadAllText(keyFile).Trim();
            using var second = new BotServerApp(settings, directory);
            var reply = await second.ChatBot().HandleMessageAsync(Messages.To("help"), BotServerApp.Key(generated));

            Assert.StartsWith("cca_", generated);
            Assert.Equal(generated, File.ReadAllText(keyFile).Trim());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            Assert.Equal("help", reply.Intent.Intent);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task JsonTranscodingAnswersHandleMessageOverHttp1()
    {
        var httpPort = FreePort.Next();
        using var app = new BotServerApp(new Dictionary<string, string?> { ["Http:Url"] = $"http://127.0.0.1:{httpPort}" });
        _ = app.GrpcAddress;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages:handle")
        {
            Content = JsonContent.Create(new
            {
                platform = "webhook",
                groupId = "g-json",
                messageId = "m-1",
                sender = new { userId = "alice" },
                text = "help",
                mentionsBot = true,
            }),
        };
        request.Headers.Add("x-api-key", BotServerApp.AdminKey);

        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.True(response.IsSuccessStatusCode, body.ToString());
        Assert.Equal("help", body.GetProperty("intent").GetProperty("intent").GetString());
        Assert.NotEmpty(body.GetProperty("replies")[0].GetProperty("text").GetString()!);
    }
}
