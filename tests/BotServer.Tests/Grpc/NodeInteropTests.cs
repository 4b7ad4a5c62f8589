using System.Diagnostics;
using System.Text.Json;
using ChatCommerce.BotServer.Tests.Support;

namespace ChatCommerce.BotServer.Tests.Grpc;

/// <summary>
/// A non-.NET client (Node's @grpc/grpc-js loading protos/ as shipped) calls the server: the
/// contract must work for integrators in other languages. `.ci/run` installs the npm packages.
/// </summary>
public sealed class NodeInteropTests(BotServerFixture server) : IClassFixture<BotServerFixture>
{
    [Fact]
    public async Task ANodeGrpcClientLoadingTheShippedProtosGetsHelp()
    {
        var output = await RunNodeAsync(server.App.GrpcAddress.Authority, BotServerApp.AdminKey, "help");

        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal("help", result.GetProperty("intent").GetString());
        Assert.NotEmpty(result.GetProperty("replies")[0].GetString()!);
    }

    [Fact]
    public async Task ANodeGrpcClientWithAWrongKeySeesUnauthenticated()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunNodeAsync(server.App.GrpcAddress.Authority, "wrong", "help"));

        Assert.Contains("\"code\":16", error.Message);
    }

    private static async Task<string> RunNodeAsync(string address, string apiKey, string text)
    {
        var script = Path.Combine(RepositoryRoot.Path, "tests", "interop", "node", "handle_message.mjs");
        Assert.True(Directory.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules")),
            "Run `npm ci` in tests/interop/node first (.ci/run does).");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, address, apiKey, text })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return process.ExitCode == 0
            ? (await stdout).Trim()
            : throw new InvalidOperationException($"node exited {process.ExitCode}: {await stderr}");
    }
}
