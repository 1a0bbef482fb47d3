using System.Net;
using System.Net.Sockets;
using ActorServer.Tests.Support;

namespace ActorServer.Tests.Operations;

/// <summary>The Operations sample as an operator runs it: a real process, steered through its admin endpoint.</summary>
public sealed class OperationsSampleSpec
{
    private static async Task<string> AskAsync(LineClient client, string line, int lines = 1)
    {
        await client.SendAsync(line + "\n");
        return string.Join("\n", await client.ReadLinesAsync(lines));
    }

    [Fact]
    public async Task The_operations_sample_must_suspend_resume_limit_and_report_its_server_from_its_admin_endpoint()
    {
        await using var sample = SampleProcess.Start("Operations", "--port", "0", "--admin-port", "0");
        var addresses = (await sample.ListeningOnAsync()).Split(", admin on ");
        var echo = IPEndPoint.Parse(addresses[0]);
        using var admin = await LineClient.ConnectAsync(IPEndPoint.Parse(addresses[1]));
        using var live = await LineClient.ConnectAsync(echo);
        Assert.Equal("HELLO", await AskAsync(live, "hello"));

        Assert.Equal("suspended", await AskAsync(admin, "suspend"));
        var refused = await Assert.ThrowsAsync<SocketException>(() => LineClient.ConnectAsync(echo));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.Equal("STILL", await AskAsync(live, "still"));
        var status = await AskAsync(admin, "status", lines: 6);
        Assert.Equal("error: unknown command \"limit x\"; try status, suspend, resume or limit N", await AskAsync(admin, "limit x"));
        Assert.StartsWith("error: ", await AskAsync(admin, "limit 0"));
        Assert.Equal("max-connections 5", await AskAsync(admin, "limit 5"));
        Assert.Equal("resumed", await AskAsync(admin, "resume"));
        using (var next = await LineClient.ConnectAsync(echo))
            Assert.Equal("BACK", await AskAsync(next, "back"));
        var (exitCode, output) = await sample.StopAsync();

        Assert.StartsWith($"server echo suspended on {echo}\nmax-connections 1024 (capacity 1024), live 1, queued 0\naccepted 1, refused 0, failed 0, timed out 0\nbytes received 12, sent 12\nconnection ", status);
        Assert.EndsWith("received 12 sent 12\n.", status);
        Assert.Equal(0, exitCode);
        Assert.Contains("stopped gracefully", output);
    }
}
