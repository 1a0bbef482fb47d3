using Akka.Hosting;
using ActorServer.Hosting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ActorServer.Hosting.Tests;

/// <summary>Config tests: the options render HOCON, and that HOCON reads back as the settings the options asked for.</summary>
public sealed class SocketServerOptionsSpec
{
    [Fact]
    public void Options_must_write_a_line_only_for_what_is_set()
    {
        var hocon = new SocketServerOptions { Endpoint = "127.0.0.1:9999", Mode = ServingMode.Threading }.ToHocon("echo", typeof(GreetingHandler));

        Assert.Contains("actor-server.servers.echo {", hocon);
        Assert.Contains("handler = \"ActorServer.Hosting.Tests.Support.GreetingHandler, ActorServer.Hosting.Tests\"", hocon);
        Assert.Contains("endpoint = \"127.0.0.1:9999\"", hocon);
        Assert.Contains("mode = threading", hocon);
        Assert.DoesNotContain("max-connections", hocon);
        Assert.DoesNotContain("kind", hocon);
    }

    [Fact]
    public void Every_option_must_read_back_through_the_core_settings_reader()
    {
        var options = new SocketServerOptions
        {
            Kind = ServerKind.Tcp,
            Endpoint = "[::1]:0",
            Mode = ServingMode.Threading,
            RequestQueueSize = 77,
            AllowReuseAddress = true,
            AllowReusePort = false,
            Timeout = TimeSpan.FromMilliseconds(1500),
            ServiceActionsInterval = TimeSpan.FromMilliseconds(250),
            OnHandlerError = HandlerErrorPolicy.StopServer,
            ListenerBackoff = new ListenerBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5), 0.1),
            MaxConnections = 9,
            DrainTimeout = TimeSpan.FromSeconds(4),
            Dispatcher = "my-dispatcher",
            BlockOnClose = false,
            DaemonThreads = true,
            MaxChildren = 3,
            WarmChildren = 2,
            RequestsPerChild = 0,
            ChildTimeout = Timeout.InfiniteTimeSpan,
            RequestTimeout = TimeSpan.FromSeconds(30),
            FinishTimeout = Timeout.InfiniteTimeSpan,
            MaxPacketSize = 1500,
            SocketFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
        };

        var definition = ServerDefinition.Create(options.ToConfig("echo", typeof(GreetingHandler)), "echo");

        Assert.Equal(ServerKind.Tcp, definition.Kind);
        Assert.Equal(System.Net.IPAddress.IPv6Loopback, ((System.Net.IPEndPoint)definition.Endpoint!).Address);
        Assert.Equal(typeof(GreetingHandler), definition.HandlerType);
        Assert.Equal(new ServerSettings
        {
            Mode = ServingMode.Threading,
            RequestQueueSize = 77,
            AllowReuseAddress = true,
            AllowReusePort = false,
            Timeout = TimeSpan.FromMilliseconds(1500),
            ServiceActionsInterval = TimeSpan.FromMilliseconds(250),
            OnHandlerError = HandlerErrorPolicy.StopServer,
            ListenerBackoff = new ListenerBackoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5), 0.1),
            MaxConnections = 9,
            DrainTimeout = TimeSpan.FromSeconds(4),
            Dispatcher = "my-dispatcher",
            BlockOnClose = false,
            DaemonThreads = true,
            MaxChildren = 3,
            WarmChildren = 2,
            RequestsPerChild = 0,
            ChildTimeout = null,
            RequestTimeout = TimeSpan.FromSeconds(30),
            FinishTimeout = null,
            MaxPacketSize = 1500,
            SocketFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
        }, definition.Settings);
    }

    [Fact]
    public void Unset_options_must_fall_back_to_the_server_defaults()
    {
        var definition = ServerDefinition.Create(new SocketServerOptions { Endpoint = "127.0.0.1:1" }.ToConfig("echo", typeof(GreetingHandler)), "echo");

        Assert.Equal(new ServerSettings(), definition.Settings);
    }

    [Fact]
    public void An_infinite_timeout_and_a_sub_millisecond_duration_must_survive_the_round_trip()
    {
        var options = new SocketServerOptions { Endpoint = "127.0.0.1:1", Timeout = Timeout.InfiniteTimeSpan, ServiceActionsInterval = TimeSpan.FromTicks(2500) };

        var settings = ServerDefinition.Create(options.ToConfig("echo", typeof(GreetingHandler)), "echo").Settings;

        Assert.Null(settings.Timeout);
        Assert.Equal(TimeSpan.FromTicks(2500), settings.ServiceActionsInterval);
    }

    [Fact]
    public void A_unix_path_must_be_rendered_for_the_unix_kinds()
    {
        var options = new SocketServerOptions { Kind = ServerKind.UnixStream, Path = "/tmp/a \"quoted\" name.sock" };

        var definition = ServerDefinition.Create(options.ToConfig("unix", typeof(GreetingHandler)), "unix");

        Assert.Equal(ServerKind.UnixStream, definition.Kind);
        Assert.Equal("/tmp/a \"quoted\" name.sock", definition.Path);
    }

    [Fact]
    public void A_bad_option_must_fail_while_the_host_is_being_configured_naming_the_key()
    {
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), "config-spec");

        var error = Assert.Throws<ActorServerConfigurationException>(() =>
            builder.WithSocketServer<GreetingHandler>("echo", o => { o.Endpoint = "127.0.0.1:9999"; o.MaxConnections = -1; }));

        Assert.Equal("actor-server.servers.echo.max-connections", error.Key);
        Assert.Equal("-1", error.Value);
    }

    [Fact]
    public void The_three_overloads_must_render_the_same_configuration()
    {
        var byEndpoint = new AkkaConfigurationBuilder(new ServiceCollection(), "a").WithSocketServer<GreetingHandler>("echo", "127.0.0.1:7");
        var byAction = new AkkaConfigurationBuilder(new ServiceCollection(), "b").WithSocketServer<GreetingHandler>("echo", o => o.Endpoint = "127.0.0.1:7");
        var byOptions = new AkkaConfigurationBuilder(new ServiceCollection(), "c").WithSocketServer<GreetingHandler>("echo", new SocketServerOptions { Endpoint = "127.0.0.1:7" });

        var definitions = new[] { byEndpoint, byAction, byOptions }
            .Select(b => ServerDefinition.Create(b.Configuration.Value, "echo"))
            .ToList();

        Assert.All(definitions, d => Assert.Equal(definitions[0], d));
        Assert.Equal(4, definitions[0].Settings.DrainTimeout.TotalSeconds);    // reference.conf was added beneath
        Assert.True(byEndpoint.Configuration.Value.HasPath("actor-server.server-defaults.mode"));
    }
}
