using ChatCommerce.BotServer.Conversation;
using ChatCommerce.BotServer.Llm;
using ChatCommerce.BotServer.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatCommerce.BotServer.Tests.Llm;

public sealed class LlmOptionsTests
{
    [Fact]
    public void WithoutAnEndpointAddLlmRegistersNothing()
    {
        var services = new ServiceCollection();

        services.AddLlm(Configuration(new() { ["Llm:Model"] = "m", ["Llm:ApiKey"] = "k", ["Llm:Timeout"] = "not a time" }));

        Assert.Empty(services);
    }

    [Fact]
    public void WithAnEndpointTheTimeoutIsEightSecondsAndTheThresholdPointSixUnlessSet()
    {
        using var provider = Provider(new() { ["Llm:Endpoint"] = "http://127.0.0.1:9/v1", ["Llm:Model"] = "m", ["Llm:ApiKey"] = "k" });

        var options = provider.GetRequiredService<IOptions<LlmOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(8), options.Timeout);
        Assert.Equal(0.6, options.ConfidenceThreshold);
    }

    [Fact]
    public void WithAnEndpointOneFallbackResponderIsRegistered()
    {
        var services = new ServiceCollection();

        services.AddLlm(Configuration(new() { ["Llm:Endpoint"] = "http://127.0.0.1:9/v1" }));

        Assert.Equal(typeof(LlmFallbackResponder), Assert.Single(services, d => d.ServiceType == typeof(IFallbackResponder)).ImplementationType);
    }

    [Theory]
    [InlineData("Llm:Model", "", "Model")]
    [InlineData("Llm:ApiKey", "", "ApiKey")]
    [InlineData("Llm:Endpoint", "not-a-url", "Endpoint")]
    [InlineData("Llm:Endpoint", "ftp://127.0.0.1/v1", "Endpoint")]
    [InlineData("Llm:Timeout", "00:00:00", "Timeout")]
    [InlineData("Llm:ConfidenceThreshold", "1.5", "ConfidenceThreshold")]
    public void ABadSettingIsRefusedWithItsName(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["Llm:Endpoint"] = "http://127.0.0.1:9/v1", ["Llm:Model"] = "m", ["Llm:ApiKey"] = "k" };
        settings[key] = value;
        using var provider = Provider(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<LlmOptions>>().Value);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEndpointWithoutAModelStopsTheServerAtStart()
    {
        using var app = new BotServerApp(new Dictionary<string, string?> { ["Llm:Endpoint"] = "http://127.0.0.1:9/v1", ["Llm:ApiKey"] = "k" });

        var error = Assert.ThrowsAny<Exception>(() => app.GrpcAddress);

        var validation = Assert.IsType<OptionsValidationException>(error is AggregateException aggregate ? aggregate.InnerException : error);
        Assert.Contains("Model", validation.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = Configuration(settings);
        return new ServiceCollection()
            .AddSingleton(configuration)
            .AddLogging()
            .AddLlm(configuration)
            .BuildServiceProvider();
    }
}
