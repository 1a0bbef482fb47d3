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
}
