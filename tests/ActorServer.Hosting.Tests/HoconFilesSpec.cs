using System.Net;
using ActorServer.Hosting.Tests.Support;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorServer.Hosting.Tests;

/// <summary>Every deployment file in hocon/ is loaded and validated, so none rots; the TCP servers in them also serve.</summary>
public sealed class HoconFilesSpec(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(ActorServerConfig.Default, output: output)
{
    private static string[] FileNames() =>
        [.. Directory.GetFiles(Path.Combine(SampleProcess.RepositoryRoot, "hocon"), "*.conf").Select(Path.GetFileName).Order()!];

    public static TheoryData<string> Files() => new(FileNames());

    private static Config Load(string file) =>
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(SampleProcess.RepositoryRoot, "hocon", file)));

    [Fact]
    public void The_hocon_folder_must_hold_the_documented_deployments() =>
        Assert.Superset(new HashSet<string> { "tcp-synchronous.conf", "tcp-threading.conf", "tcp-forking.conf", "udp.conf", "unix-stream.conf", "unix-datagram.conf", "cluster.conf", "tls.conf" },
            FileNames().ToHashSet());

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_server_definition_in_a_deployment_file_must_validate(string file)
    {
        var definitions = ServerDefinition.CreateAll(Load(file));

        Assert.NotEmpty(definitions);
        Assert.All(definitions, d => Assert.True(typeof(BaseRequestHandler).IsAssignableFrom(d.HandlerType)));
        Assert.All(definitions, d => Assert.True(d.Kind is ServerKind.Tcp or ServerKind.Udp ? d.Endpoint is not null : d.Path is not null));
    }

    /// <summary>The files whose servers serve here, on one node: cluster.conf needs a cluster of them, and
    /// ActorServer.Cluster.Tests serves it (ClusterConfFileSpec).</summary>
    public static TheoryData<string> SingleNodeFiles() => new(FileNames().Where(f => f != "cluster.conf"));

    [Theory]
    [MemberData(nameof(SingleNodeFiles))]
    public async Task Every_server_of_a_deployment_file_must_serve_as_defined(string file)
    {
        // Bound on loopback port 0 or a temp socket file instead of the file's address, so tests run side by side;
        // every other setting as written.
        foreach (var definition in ServerDefinition.CreateAll(Load(file)))
        {
            var local = definition.Endpoint is null
                ? definition with { Path = TempSocketPath.Next() }
                : definition with { Endpoint = new IPEndPoint(IPAddress.Loopback, 0) };
            // A TLS server's certificate files are the deployment's own: a certificate made here stands in for them.
            using var certificate = definition.Settings.Tls.IsEnabled ? new SelfSignedFiles() : null;
            if (certificate is not null)
                local = local with { Settings = local.Settings with { Tls = local.Settings.Tls with { Certificate = certificate.Files } } };
            await using var server = SocketServerFactory.Create(Sys, local with { Name = $"{definition.Name}-{Guid.NewGuid():N}" });
            Assert.Equal(definition.Settings.Mode, server.Mode);
            Assert.Equal(definition.Settings.MaxConnections, server.MaxConnections);
            Assert.Equal(definition.Settings.MaxChildren, server.MaxChildren);
            _ = server.ServeForeverAsync();
            var line = "from " + file;
            var reply = definition.Kind is ServerKind.Udp or ServerKind.UnixDatagram
                ? await DatagramClient.RoundTripAsync(server.ServerAddress, line)
                : certificate is not null
                    ? await certificate.RoundTripAsync(server.ServerAddress, line)
                    : await LineClient.RoundTripAsync(server.ServerAddress, line);
            Assert.Equal(line.ToUpperInvariant() + "\n", reply);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_server_of_a_deployment_file_must_be_hardened(string file)
    {
        var worldWritable = UnixFileMode.OtherWrite;
        Assert.All(ServerDefinition.CreateAll(Load(file)), definition =>
        {
            var settings = definition.Settings;
            var where = $"{file}: {definition.ConfigPath}";
            // Every request bounded: no silent or trickling client holds a slot (or, synchronous, the server) for ever.
            Assert.True(settings.RequestTimeout != Timeout.InfiniteTimeSpan, $"{where} has no request-timeout");
            Assert.True(settings.FinishTimeout != Timeout.InfiniteTimeSpan, $"{where} has no finish-timeout");
            // A backlog that holds a burst of connects (the default, SOMAXCONN) rather than dropping SYNs.
            Assert.True(settings.RequestQueueSize >= 511, $"{where} has a backlog of {settings.RequestQueueSize}");
            if (definition.Path is { } path)
            {
                // Never in a world-writable folder, and never a mode that lets every local user connect.
                var folder = Path.GetDirectoryName(path)!;
                Assert.False(folder is "/tmp" or "/var/tmp" or "/dev/shm", $"{where} puts its socket in {folder}");
                Assert.True((settings.SocketFileMode & worldWritable) == 0, $"{where} lets every local user connect");
            }
            if (settings.Tls.IsEnabled)
                Assert.True(settings.Tls.HandshakeTimeout <= TimeSpan.FromSeconds(10), $"{where} waits {settings.Tls.HandshakeTimeout} for a handshake");
            if (definition.Kind is ServerKind.Udp or ServerKind.UnixDatagram)
                Assert.True(settings.MaxPacketSize <= 8192, $"{where} accepts datagrams of {settings.MaxPacketSize} bytes");
        });
    }

    [Fact]
    public void The_threading_deployment_must_give_coordinated_shutdown_time_to_drain()
    {
        var config = Load("tcp-threading.conf").WithFallback(Sys.Settings.Config);
        var drain = ServerDefinition.Create(config, "echo").Settings.DrainTimeout;

        Assert.True(config.GetTimeSpan("akka.coordinated-shutdown.phases.service-requests-done.timeout") > drain);
    }
}
