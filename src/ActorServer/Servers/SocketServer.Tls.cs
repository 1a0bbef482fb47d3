using ActorServer.Tls;
using Akka.Event;

namespace ActorServer;

// TLS for stream servers: one setting, checked with the others before anything binds.
public abstract partial class SocketServer
{
    /// <summary>TLS for this server (stream kinds only): on once a certificate is set. Handlers then read and write plain
    /// bytes, and see what was negotiated in <see cref="BaseRequestHandler.Tls"/>. <b>Default:</b> from
    /// <c>actor-server.server-defaults.tls</c> (off).</summary>
    public TlsSettings Tls
    {
        get => _settings.Tls;
        set => Change(s => s with { Tls = value ?? TlsSettings.None });
    }

    /// <summary>Checks the TLS settings by building what serves them: the certificate read, the password right.</summary>
    /// <exception cref="ActorServerConfigurationException">A TLS setting cannot be served with; the message names its key.</exception>
    private void ValidateTls(ServerSettings settings) => TlsFor(settings);

    /// <summary>The run's TLS, or null when it is off.</summary>
    /// <exception cref="ActorServerConfigurationException">A TLS setting cannot be served with; the message names its key.</exception>
    private TlsAuthenticator? TlsFor(ServerSettings settings)
    {
        var prefix = SettingsPath + ".tls";
        if (!settings.Tls.IsEnabled)
            return settings.Tls.Sni.Count == 0 ? null : throw new ActorServerConfigurationException(prefix + ".sni", string.Join(", ", settings.Tls.Sni.Keys),
                "expected tls.certificate.path as well: it serves clients that send no host name and names not in the map");
        if (this is DatagramServer)
            throw new ActorServerConfigurationException(prefix + ".certificate.path", settings.Tls.Certificate.Path,
                "TLS is for the stream kinds (tcp, unix-stream); a datagram server cannot speak it");
        if (settings.Tls.CodeOnlyRefusal(settings.Mode, prefix) is { } refusal)
            throw refusal;
        return new TlsAuthenticator(settings.Tls, prefix)
        {
            OnReloadFailure = e => Log.Warning("Server {0}: the renewed certificate could not be read, so the previous one is served on: {1}", Name, e.Message),
        };
    }
}
