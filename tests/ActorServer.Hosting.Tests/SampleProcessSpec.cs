using System.Net;
using ActorServer.Hosting.Tests.Support;

namespace ActorServer.Hosting.Tests;

/// <summary>The samples as real processes: SIGTERM stops them gracefully (coordinated shutdown) and they exit 0.</summary>
public sealed class SampleProcessSpec
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(20);

    private static EndPoint AddressIn(string line) => IPEndPoint.Parse(line[(line.LastIndexOf(' ') + 1)..]);

    [Fact]
    public async Task The_hosted_server_sample_must_stop_gracefully_on_sigterm_and_exit_zero()
    {
        using var process = SampleProcess.Start("HostedServer", "--port", "0", "--stats-port", "0", "--udp-port", "0");
        var upper = AddressIn(await process.WaitForLineAsync("upper listening on", StartBound));
        var udp = AddressIn(await process.WaitForLineAsync("udp listening on", StartBound));
        var stats = AddressIn(await process.WaitForLineAsync("stats listening on", StartBound));
        Assert.Equal("HELLO\n", await LineClient.RoundTripAsync(upper, "hello"));
        Assert.Equal("DATAGRAM\n", await DatagramClient.RoundTripAsync(udp, "datagram"));
        Assert.Equal("served 2\n", await LineClient.RoundTripAsync(stats, ""));

        process.Terminate();

        Assert.Equal(0, await process.WaitForExitAsync(ExitBound));
        Assert.Contains("Server upper stopped accepting", process.Output);
        Assert.Contains("stopped gracefully", process.Output);
    }

    [Fact]
    public async Task A_server_from_a_hocon_file_must_finish_a_request_in_flight_after_sigterm_and_exit_zero()
    {
        using var process = SampleProcess.Start("ConfiguredServer", "hocon/tcp-threading.conf",
            "actor-server.servers.echo.endpoint = \"127.0.0.1:0\"",
            "akka { loglevel = DEBUG, actor.debug.lifecycle = on }");   // to see the request's actor start
        var address = AddressIn(await process.WaitForLineAsync("echo listening on", StartBound));
        using var client = await LineClient.ConnectAsync(address);
        // Accepted, not merely in the listen backlog (which unbinding resets): its handler now waits for the line.
        await process.WaitForLineAsync("requests/conn-1] Started", StartBound);

        process.Terminate();
        await process.WaitForLineAsync("Server echo stopped accepting", ExitBound);
        await client.SendAsync("sent after unbind\n");

        Assert.Equal("SENT AFTER UNBIND\n", await client.ReadToEndAsync());
        Assert.Equal(0, await process.WaitForExitAsync(ExitBound));
        Assert.Contains("stopped gracefully", process.Output);
    }

    [Fact]
    public async Task A_hosted_app_with_a_bad_setting_must_exit_non_zero_with_one_line_naming_the_key()
    {
        using var process = SampleProcess.Start("HostedServer", "--port", "99999", "--stats-port", "0", "--udp-port", "0");

        Assert.Equal(1, await process.WaitForExitAsync(StartBound));
        Assert.Contains("Invalid ActorServer setting 'actor-server.servers.upper.endpoint' = '127.0.0.1:99999'", process.Output);
        Assert.DoesNotContain("listening on", process.Output);
    }

    [Fact]
    public async Task A_hocon_server_with_an_unknown_dispatcher_must_exit_non_zero_naming_its_own_key_and_report_no_unbind()
    {
        using var process = SampleProcess.Start("ConfiguredServer", "hocon/tcp-threading.conf",
            "actor-server.servers.echo.endpoint = \"127.0.0.1:0\"",
            "actor-server.servers.echo.dispatcher = \"no.such\"");

        Assert.Equal(1, await process.WaitForExitAsync(StartBound));
        Assert.Contains("Invalid ActorServer setting 'actor-server.servers.echo.dispatcher' = 'no.such'", process.Output);
        Assert.DoesNotContain("listening on", process.Output);
        // It never bound, so coordinated shutdown has no socket to report closed.
        Assert.DoesNotContain("stopped accepting", process.Output);
    }
}
