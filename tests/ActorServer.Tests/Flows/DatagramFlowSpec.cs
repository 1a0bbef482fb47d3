using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Flows;

/// <summary>A datagram flow handler: one datagram in, each element out a datagram back, in every datagram kind and mode.</summary>
public sealed class DatagramFlowSpec(ITestOutputHelper output) : FlowSpec(output)
{
    public static TheoryData<string, ServingMode> KindsAndModes() => InEveryMode("udp", "unix");

    [Theory]
    [MemberData(nameof(KindsAndModes))]
    public async Task Each_element_the_flow_emits_must_go_back_as_a_datagram_of_its_own(string kind, ServingMode mode)
    {
        await using SocketServer server = kind == "udp"
            ? new UdpServer<UpperDatagramFlow>(AnyLoopbackPort, bindAndActivate: false, system: Sys) { Mode = mode }
            : new UnixDatagramServer<UpperDatagramFlow>(TempSocketPath.Next(), bindAndActivate: false, system: Sys) { Mode = mode };
        server.ServerBind();
        _ = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);

        await client.SendAsync("one\ntwo\nthree");
        string[] replies = [await client.ReceiveAsync(), await client.ReceiveAsync(), await client.ReceiveAsync()];

        Assert.Equal(["ONE", "TWO", "THREE"], replies.Select(r => r.Split(' ')[0]));
        var servedBy = int.Parse(replies[0].Split(' ')[1]);
        Assert.Equal(mode == ServingMode.Forking, servedBy != Environment.ProcessId);
    }
}
