using System.Runtime.Versioning;
using ActorServer.Tests.Support;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorServer.Tests.Configuration;

[SupportedOSPlatform("linux")]
public sealed class KindSettingsSpec(ITestOutputHelper output) : ServerSpec(output, """
    actor-server.server-defaults {
      max-packet-size = 100
      socket-file-mode = 0640
    }
    """)
{
    [Fact]
    public void The_reference_configuration_must_default_to_pythons_packet_size_and_an_owner_only_socket_file()
    {
        var settings = ServerSettings.Create(null);

        Assert.Equal(8192, settings.MaxPacketSize);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, settings.SocketFileMode);
    }

    [Theory]
    [InlineData("socket-file-mode = 660", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite)]
    [InlineData("socket-file-mode = \"0600\"", UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData("socket-file-mode = \"0777\"", (UnixFileMode)0x1FF)]
    public void Socket_file_mode_must_be_read_as_octal(string hocon, UnixFileMode expected) =>
        Assert.Equal(expected, ServerSettings.Create(ConfigurationFactory.ParseString("actor-server.server-defaults." + hocon)).SocketFileMode);

    [Theory]
    [InlineData("max-packet-size = 0", "max-packet-size", "0")]
    [InlineData("max-packet-size = lots", "max-packet-size", "lots")]
    [InlineData("socket-file-mode = \"rw-------\"", "socket-file-mode", "rw-------")]
    [InlineData("socket-file-mode = 0800", "socket-file-mode", "0800")]
    [InlineData("socket-file-mode = \"\"", "socket-file-mode", "")]
    public void A_bad_kind_setting_must_fail_naming_the_key_and_the_value(string hocon, string key, string value)
    {
        var error = Assert.Throws<ActorServerConfigurationException>(() =>
            ServerSettings.Create(ConfigurationFactory.ParseString("actor-server.server-defaults." + hocon)));

        Assert.Equal("actor-server.server-defaults." + key, error.Key);
        Assert.Equal(value, error.Value);
    }

    [Fact]
    public async Task Servers_must_take_packet_size_and_socket_file_mode_from_their_actor_systems_configuration()
    {
        await using var udp = new UdpServer<PacketLengthHandler>(AnyLoopbackPort, system: Sys);
        await using var unix = new UnixDatagramServer<PacketLengthHandler>(TempSocketPath.Next(), system: Sys);
        _ = Serve(udp);
        using var client = DatagramClient.For(udp.ServerAddress);

        await EventFilter.Warning(contains: "Dropped a datagram of 101 bytes").ExpectOneAsync(() => client.SendAsync(new byte[101]));
        await client.SendAsync(new byte[100]);

        Assert.Equal("100", await client.ReceiveAsync());
        Assert.Equal(100, unix.MaxPacketSize);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(unix.ServerAddress.ToString()!));
    }

    [Fact]
    public void Apply_settings_must_copy_the_kind_settings_into_a_server_before_it_binds()
    {
        var settings = ServerSettings.Create(ConfigurationFactory.ParseString("""
            actor-server.server-defaults { max-packet-size = 512, socket-file-mode = 0666 }
            """));
        var udp = new UdpServer<PacketLengthHandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys);
        var unix = new UnixStreamServer<UpperCaseHandler>(TempSocketPath.Next(), bindAndActivate: false, system: Sys);

        udp.ApplySettings(settings);
        unix.ApplySettings(settings);

        Assert.Equal(512, udp.MaxPacketSize);
        Assert.Equal((UnixFileMode)0x1B6, unix.SocketFileMode);
        udp.ServerClose();
        unix.ServerClose();
    }
}
