using System.Globalization;
using ActorServer.Actors;
using ActorServer.Modes.Forking;

namespace ActorServer.Modes;

/// <summary>
/// Python's <c>ForkingMixIn</c>: each request's socket goes to a child process that runs the same handler class; up to
/// <c>max-children</c> requests (and <c>max-connections</c>) at once.
/// </summary>
internal sealed class ForkingMode : ServerMode
{
    public static readonly ForkingMode Instance = new();

    public override string Name => "forking";

    public override int Capacity(ServerSettings settings) => Math.Min(settings.MaxChildren, settings.MaxConnections);

    public override void Validate(SocketServer server, ServerSettings settings)
    {
        if (server is DatagramServer && settings.MaxPacketSize > ChildProtocol.MaxDatagram)
            throw new ActorServerConfigurationException(server.SettingsPath + ".max-packet-size",
                settings.MaxPacketSize.ToString(CultureInfo.InvariantCulture),
                $"at most {ChildProtocol.MaxDatagram} bytes in forking mode, where each datagram goes to its child in one packet");
        if (server.HandlerType == typeof(BaseRequestHandler))
            throw new InvalidOperationException("Forking mode needs a handler type that a child can create, not a handler factory.");
    }

    public override bool RunsHandlerHere => false;

    public override void Prepare(SocketServer server, ServerSettings settings) => server.ForkBridgeFor(settings).Warm(settings);

    public override void Run(HandlerLaunch launch) =>
        RunElsewhere(launch, () => launch.Run.Server.ForkBridge.ServeAsync(launch.Request, launch.Run.Settings, launch.Aborted, launch.Finishing));

    public override string WhatTimingOutDoes(bool datagram) =>
        datagram ? "its child process is killed" : "its child process is killed, which closes its connection";
}
