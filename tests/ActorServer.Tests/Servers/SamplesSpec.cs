using ActorServer.Tests.Support;

namespace ActorServer.Tests.Servers;

/// <summary>The samples as a user runs them: real child processes, the seed's output lines.</summary>
public sealed class SamplesSpec
{
    [Fact]
    public async Task The_udp_samples_must_reproduce_the_seeds_udp_example()
    {
        await using var server = SampleProcess.Start("UdpEcho", "--port", "0");
        var address = await server.ListeningOnAsync();
        var port = address[(address.LastIndexOf(':') + 1)..];

        var client = await SampleProcess.RunAsync("UdpClient", "--port", port, "hello", "world");
        var (exitCode, output) = await server.StopAsync();

        Assert.Equal((0, "Sent:     hello world\nReceived: HELLO WORLD\n"), client);
        Assert.StartsWith($"listening on 127.0.0.1:{port}\n127.0.0.1 wrote:\nhello world\n", output);
        Assert.Equal(0, exitCode);
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("datagram")]
    public async Task The_unix_echo_sample_must_echo_on_its_socket_file_and_remove_it_when_stopped(string kind)
    {
        var path = TempSocketPath.Next();
        string[] datagram = kind == "datagram" ? ["--datagram"] : [];
        await using var server = SampleProcess.Start("UnixEcho", ["--path", path, "--mode", "threading", .. datagram]);
        Assert.Equal(path, await server.ListeningOnAsync());

        var client = await SampleProcess.RunAsync("UnixEcho", ["--path", path, .. datagram, "--send", "hello unix"]);
        var (exitCode, output) = await server.StopAsync();

        Assert.Equal((0, "Sent:     hello unix\nReceived: HELLO UNIX\n"), client);
        Assert.Contains(" wrote:\nhello unix\n", output);
        Assert.Equal(0, exitCode);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("unix")]
    public async Task The_flow_echo_sample_must_answer_each_line_upper_cased_from_forked_children(string kind)
    {
        var path = TempSocketPath.Next();
        string[] where = kind == "unix" ? ["--path", path] : ["--port", "0"];
        await using var server = SampleProcess.Start("FlowEcho", [.. where, "--mode", "forking"]);
        var address = await server.ListeningOnAsync();
        System.Net.EndPoint endpoint = kind == "unix"
            ? new System.Net.Sockets.UnixDomainSocketEndPoint(address)
            : System.Net.IPEndPoint.Parse(address);

        using var client = await LineClient.ConnectAsync(endpoint);
        await client.SendAsync(" hello \nflow\n");
        var replies = await client.ReadLinesAsync(2);
        client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var rest = await client.ReadToEndAsync();
        var (exitCode, _) = await server.StopAsync();

        Assert.Equal(["HELLO", "FLOW"], replies);
        Assert.Equal(string.Empty, rest);
        Assert.Equal(0, exitCode);
        Assert.False(File.Exists(path));
    }
}
