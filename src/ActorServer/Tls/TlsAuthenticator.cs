using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ActorServer.Metrics;
using ActorServer.Transport;

namespace ActorServer.Tls;

/// <summary>
/// One server run's TLS, ready to serve: the certificate loaded (and watched), the client authorities read, and the
/// handshake of each connection with its timeout and metrics. Built before anything binds, so a bad file or password
/// fails there, naming its key. Runs in the process that runs the handler (a forked child builds its own).
/// </summary>
internal sealed class TlsAuthenticator
{
    private const SslProtocols Supported = SslProtocols.Tls12 | SslProtocols.Tls13;

    private readonly TlsSettings _settings;
    private readonly CertificateFile? _file;
    private readonly Dictionary<string, CertificateFile> _sni = new(StringComparer.OrdinalIgnoreCase);
    private readonly X509Certificate2Collection? _clientAuthorities;
    private readonly List<SslApplicationProtocol> _alpn;
    private readonly SslStreamCertificateContext? _codeCertificate;

    /// <param name="keyPrefix">The HOCON path of the <c>tls</c> object, for the keys errors name.</param>
    /// <exception cref="ActorServerConfigurationException">A setting cannot be served with; the message names its key.</exception>
    public TlsAuthenticator(TlsSettings settings, string keyPrefix)
    {
        _settings = settings;
        if (settings.SslProtocols == SslProtocols.None || (settings.SslProtocols & ~Supported) != 0)
            throw new ActorServerConfigurationException($"{keyPrefix}.ssl-protocols", TlsVersionNames.Text(settings.SslProtocols),
                "expected tls12, tls13 or both: older versions are broken");
        if (settings.HandshakeTimeout <= TimeSpan.Zero)
            throw new ActorServerConfigurationException($"{keyPrefix}.handshake-timeout", settings.HandshakeTimeout.ToString(), "expected a duration above zero");
        _alpn = settings.AlpnProtocols.Select(p => p.Length is > 0 and <= 255
            ? new SslApplicationProtocol(p)
            : throw new ActorServerConfigurationException($"{keyPrefix}.alpn-protocols", p, "expected protocol names of 1 to 255 bytes")).ToList();
        if (settings.Certificate.Path.Length > 0)
            _file = new CertificateFile(settings.Certificate, keyPrefix + ".certificate");
        else if (settings.ServerCertificate is { HasPrivateKey: false })
            throw new ActorServerConfigurationException($"{keyPrefix}.certificate.path", settings.ServerCertificate.Subject, "the ServerCertificate has no private key");
        else if (settings.ServerCertificate is { } certificate)
            _codeCertificate = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        foreach (var (name, files) in settings.Sni)
        {
            // Checked here rather than when HOCON is read, so that a map built in code is held to the same rules.
            var entryKey = SniHocon.EntryKey($"{keyPrefix}.sni", name);
            if (SniNames.Problem(name) is { } problem)
                throw new ActorServerConfigurationException(entryKey, name, problem);
            if (!_sni.TryAdd(name, new CertificateFile(files, entryKey)))
                throw new ActorServerConfigurationException(entryKey, name, SniHocon.OnceEach);
        }
        if (settings.ClientCertificateAuthorities.Length > 0)
            _clientAuthorities = ReadAuthorities(settings.ClientCertificateAuthorities, $"{keyPrefix}.client-certificate-authorities");
    }

    /// <summary>Where a certificate that changed on disk could not be read (the previous one is served on).</summary>
    public Action<Exception> OnReloadFailure { get; init; } = _ => { };

    /// <summary>Runs the server's side of the handshake over <paramref name="plain"/>'s socket, within the handshake timeout.</summary>
    /// <exception cref="TlsHandshakeException">The handshake failed or timed out: the client's fault.</exception>
    public async Task<(TlsChannel Channel, TlsInfo Info)> AuthenticateAsync(SocketChannel plain, EndPoint? client, CancellationToken cancellationToken)
    {
        var socket = plain.Socket;
        var server = SafeLocalEndPoint(socket);
        var started = TlsInstruments.Started(server);
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_settings.HandshakeTimeout);
        try
        {
            // Options per client hello, so that the certificate chosen for its SNI name is served with its prepared chain.
            await stream.AuthenticateAsServerAsync((_, hello, _, _) => ValueTask.FromResult(Options(client, hello.ServerName)), null,
                deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            var timedOut = e is OperationCanceledException && !cancellationToken.IsCancellationRequested;
            var errorType = timedOut ? "timeout" : e is OperationCanceledException ? "cancelled" : e.GetType().Name;
            TlsInstruments.Ended(server, started, SslProtocols.None, errorType);
            throw new TlsHandshakeException(timedOut ? $"no handshake within the handshake-timeout of {_settings.HandshakeTimeout.TotalMilliseconds:0} ms" : Describe(e), e);
        }
        TlsInstruments.Ended(server, started, stream.SslProtocol, null);
        var info = new TlsInfo(stream.SslProtocol, stream.NegotiatedCipherSuite,
            stream.NegotiatedApplicationProtocol == default ? null : stream.NegotiatedApplicationProtocol.ToString(),
            string.IsNullOrEmpty(stream.TargetHostName) ? null : stream.TargetHostName,
            stream.RemoteCertificate as X509Certificate2 ?? (stream.RemoteCertificate is { } other ? X509CertificateLoader.LoadCertificate(other.GetRawCertData()) : null));
        return (new TlsChannel(stream, plain), info);
    }

    private SslServerAuthenticationOptions Options(EndPoint? client, string? host)
    {
        var options = new SslServerAuthenticationOptions
        {
            EnabledSslProtocols = _settings.SslProtocols,
            ClientCertificateRequired = _settings.ClientCertificateMode != ClientCertificateMode.None,
            CertificateRevocationCheckMode = _settings.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = ValidateClient,
        };
        if (_alpn.Count > 0)
            options.ApplicationProtocols = _alpn;
        if (_clientAuthorities is not null)
            options.CertificateChainPolicy = ClientChainPolicy();
        if (_settings.ServerCertificateSelector?.Invoke(host) is { } chosen)
            options.ServerCertificate = chosen;
        else
            options.ServerCertificateContext = ByName(host) ?? Fallback()
                ?? throw new AuthenticationException($"no server certificate for {(string.IsNullOrEmpty(host) ? "a client without SNI" : host)}");
        _settings.OnAuthenticate?.Invoke(client, options);
        return options;
    }

    private SslStreamCertificateContext? ByName(string? host) => SniNames.Find(_sni, host)?.Current(OnReloadFailure);

    private SslStreamCertificateContext? Fallback() => _file?.Current(OnReloadFailure) ?? _codeCertificate;

    private X509ChainPolicy ClientChainPolicy()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = _settings.CheckCertificateRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(_clientAuthorities!);
        return policy;
    }

    private bool ValidateClient(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_settings.ClientCertificateMode == ClientCertificateMode.None)
            return true;
        if (certificate is null)
            return _settings.ClientCertificateMode == ClientCertificateMode.Allow;
        if (_settings.ClientCertificateValidation is { } check)
            return check(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), chain, errors);
        return errors == SslPolicyErrors.None;
    }

    private static X509Certificate2Collection ReadAuthorities(string path, string key)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ActorServerConfigurationException(key, path, $"could not read the certificate authorities: {e.Message}");
        }
        return authorities.Count > 0 ? authorities : throw new ActorServerConfigurationException(key, path, "expected a PEM file of one or more certificates");
    }

    private static EndPoint? SafeLocalEndPoint(Socket socket)
    {
        try
        {
            return socket.LocalEndPoint;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    private static string Describe(Exception e) => e.InnerException is { } inner && e is AuthenticationException
        ? $"{e.Message} ({inner.Message})"
        : e.Message;
}
