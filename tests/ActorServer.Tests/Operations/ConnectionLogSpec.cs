using System.Net;
using ActorServer.Tests.Support;
using Akka.Event;
using Xunit.Abstractions;

namespace ActorServer.Tests.Operations;

/// <summary>Every connection-level log line names its event id, the server and the client.</summary>
public sealed class ConnectionLogSpec(ITestOutputHelper output) : ServerSpec(output)
{
    /// <summary>The next log line of <paramref name="probe"/> that starts with <paramref name="eventId"/>.</summary>
    private static async Task<string> LineAsync(Akka.TestKit.TestProbe probe, string eventId)
    {
        var logged = await probe.FishForMessageAsync<LogEvent>(e => e.Message.ToString()!.StartsWith(eventId, StringComparison.Ordinal), Patience);
        return logged.Message.ToString()!;
    }

    [Fact]
    public async Task Accepted_closed_failed_and_timed_out_requests_must_be_logged_with_event_id_server_and_client()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(LogEvent));
        await using var server = new TcpServer<LineEchoHandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys, name: "logs");
        server.Mode = ServingMode.Threading;
        server.RequestTimeout = TimeSpan.FromMilliseconds(300);
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);

        using (var failing = await LineClient.ConnectAsync(server.ServerAddress))
        {
            var client = failing.Socket.LocalEndPoint!.ToString()!;
            Assert.Equal($"[AS1001 accepted] server=logs client={client}", await LineAsync(probe, "[AS1001"));
            await failing.SendAsync("boom\n");
            Assert.StartsWith($"[AS1005 failed] server=logs client={client}: ", await LineAsync(probe, "[AS1005"));
            Assert.Matches($@"^\[AS1002 closed\] server=logs client={Regex(client)} duration=[0-9.]+s received=5 sent=0 error=System.InvalidOperationException$",
                await LineAsync(probe, "[AS1002"));
        }
        using (var silent = await LineClient.ConnectAsync(server.ServerAddress))
        {
            var client = silent.Socket.LocalEndPoint!.ToString()!;
            Assert.StartsWith($"[AS1004 timed-out] server=logs client={client}: Request from {client} passed the request-timeout", await LineAsync(probe, "[AS1004"));
        }
    }

    [Fact]
    public async Task A_request_refused_by_VerifyRequest_must_be_logged_with_event_id_server_and_client()
    {
        await using var server = new RefusingServer(AnyLoopbackPort, Sys, "choosy");
        _ = Serve(server);
        // Bound first, so that the line to expect is known before the client connects.
        using var refused = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        refused.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var client = refused.LocalEndPoint!.ToString()!;

        await EventFilter.Debug($"[AS1003 refused] server=choosy client={client} by=VerifyRequest").ExpectOneAsync(async () =>
        {
            await refused.ConnectAsync(server.ServerAddress);
            await LineClient.Over(refused).ReadToEndAsync(resetEnds: true);
        });
    }

    [Fact]
    public async Task Suspending_resuming_and_a_new_limit_must_be_logged_at_info_with_their_event_ids()
    {
        await using var server = new TcpServer<LineEchoHandler>(AnyLoopbackPort, system: Sys, name: "steered");
        server.Mode = ServingMode.Threading;
        _ = Serve(server);

        await EventFilter.Info(start: "[AS1101 suspended] server=steered").ExpectOneAsync(() => server.SuspendAsync());
        await EventFilter.Info(start: "[AS1102 resumed] server=steered").ExpectOneAsync(() => server.ResumeAsync());
        await EventFilter.Info(start: "[AS1103 max-connections] server=steered max-connections=7").ExpectOneAsync(() => server.SetMaxConnectionsAsync(7));
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
