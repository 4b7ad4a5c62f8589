using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatCommerce.ChatConnector.Tests.TestSupport;

/// <summary>A real HTTP/1.1 server on 127.0.0.1 and a free port that answers every request with <paramref name="handle"/>.</summary>
internal sealed class LocalHttpServer(WebApplication app) : IAsyncDisposable
{
    public Uri Url { get; } = new(app.Urls.Single());

    public static async Task<LocalHttpServer> StartAsync(RequestDelegate handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync();
        return new LocalHttpServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
