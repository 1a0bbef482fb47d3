using ActorServer.Modes.Forking;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Modes;

/// <summary>In forking mode each datagram travels to its child inside one control packet; its size has a limit.</summary>
public sealed class ForkingPacketSizeSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private UnixDatagramServer<PacketLengthHandler> Server(int maxPacketSize) =>
        new(TempSocketPath.Next(), system: Sys) { Mode = ServingMode.Forking, MaxPacketSize = maxPacketSize };

    [Fact]
    public async Task A_forked_child_must_get_a_datagram_of_the_largest_size_forking_allows()
    {
        await using var server = Server(ChildProtocol.MaxDatagram);
        _ = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);
        client.Socket.SendBufferSize = 1 << 20;

        await client.SendAsync(new byte[ChildProtocol.MaxDatagram]);

        Assert.Equal(ChildProtocol.MaxDatagram.ToString(System.Globalization.CultureInfo.InvariantCulture), await client.ReceiveAsync());
    }

    [Fact]
    public async Task A_max_packet_size_too_large_for_forking_must_be_refused_when_serving_starts_naming_the_key_and_the_limit()
    {
        await using var server = Server(ChildProtocol.MaxDatagram + 1);

        var error = await Assert.ThrowsAsync<ActorServerConfigurationException>(() => server.ServeForeverAsync());

        Assert.Contains("max-packet-size", error.Message);
        Assert.Contains($"at most {ChildProtocol.MaxDatagram} bytes in forking mode", error.Message);
    }
}
