namespace ChatCommerce.BotServer.Tests.Support;

/// <summary>One server shared by the tests of a class.</summary>
public sealed class BotServerFixture : IDisposable
{
    public BotServerApp App { get; } = new();

    public void Dispose() => App.Dispose();
}
