namespace ChatCommerce.BotServer.Hosting;

public static class EndpointConfiguration
{
    public const string DefaultGrpcUrl = "http://127.0.0.1:5080";
    public const string DefaultHttpUrl = "http://127.0.0.1:5081";

    /// <summary>
    /// `Grpc:Url` becomes an HTTP/2-only endpoint (plain-text HTTP/2 needs prior knowledge, so it
    /// cannot share a port with HTTP/1.1); `Http:Url` an HTTP/1.1 endpoint for JSON transcoding.
    /// Set `Http:Url` to "none" to turn it off.
    /// </summary>
    public static WebApplicationBuilder UseChatCommerceEndpoints(this WebApplicationBuilder builder)
    {
        var grpcUrl = builder.Configuration["Grpc:Url"] is { Length: > 0 } g ? g : DefaultGrpcUrl;
        var httpUrl = builder.Configuration["Http:Url"] is { Length: > 0 } h ? h : DefaultHttpUrl;
        var endpoints = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = grpcUrl,
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
        };
        if (!string.Equals(httpUrl, "none", StringComparison.OrdinalIgnoreCase))
        {
            endpoints["Kestrel:Endpoints:Http:Url"] = httpUrl;
            endpoints["Kestrel:Endpoints:Http:Protocols"] = "Http1";
        }
        builder.Configuration.AddInMemoryCollection(endpoints);
        return builder;
    }
}
