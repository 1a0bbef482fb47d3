using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ActorServer;

/// <summary>
/// TLS for a stream server (TCP or Unix stream), on Kestrel's model: every request is a TLS connection whose handler
/// reads and writes plain bytes. HOCON <c>tls { … }</c>; TLS is on as soon as a certificate is given
/// (<c>tls.certificate.path</c>, <see cref="ServerCertificate"/> or <see cref="ServerCertificateSelector"/>). The
/// members marked code-only have no HOCON key; a forked child cannot receive them, so forking mode refuses them.
/// </summary>
public sealed record TlsSettings
{
    /// <summary>TLS off: the default.</summary>
    public static readonly TlsSettings None = new();

    /// <summary>The server's certificate files; TLS is on once <see cref="TlsCertificateFiles.Path"/> is set. HOCON
    /// <c>tls.certificate</c>. <b>Default:</b> none.</summary>
    public TlsCertificateFiles Certificate { get; init; } = TlsCertificateFiles.None;

    /// <summary>Certificates by the host name the client asks for (SNI): an exact name, or <c>*.domain</c> for any one
    /// label before <c>domain</c>; an exact name wins. Each entry's files are read, checked and renewed as
    /// <see cref="Certificate"/>'s, which serves every other name and clients that send none (so it is required).
    /// HOCON <c>tls.sni { "a.example" { path = …, key-path = … } }</c>. <b>Default:</b> empty.</summary>
    public IReadOnlyDictionary<string, TlsCertificateFiles> Sni { get; init; } = Tls.SniHocon.Empty;

    /// <summary>Whether clients are asked for a certificate. HOCON <c>tls.client-certificate-mode</c>.
    /// <b>Default:</b> <see cref="ActorServer.ClientCertificateMode.None"/>.</summary>
    public ClientCertificateMode ClientCertificateMode { get; init; } = ClientCertificateMode.None;

    /// <summary>A PEM file of the certificate authorities a client certificate must chain to, instead of the system's
    /// trust store. HOCON <c>tls.client-certificate-authorities</c>. <b>Default:</b> empty (the system store).</summary>
    public string ClientCertificateAuthorities { get; init; } = string.Empty;

    /// <summary>The TLS versions offered. HOCON <c>tls.ssl-protocols</c>, a list of <c>tls12</c> and <c>tls13</c>.
    /// <b>Default:</b> TLS 1.2 and 1.3.</summary>
    public SslProtocols SslProtocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Whether a client certificate's revocation is checked online (CRL or OCSP). HOCON
    /// <c>tls.check-certificate-revocation</c>. <b>Default:</b> off: a private client CA, the usual case, publishes no
    /// revocation list, and an online check would then refuse every client (Kestrel defaults to on).</summary>
    public bool CheckCertificateRevocation { get; init; }

    /// <summary>The application protocols offered through ALPN, in order of preference (<c>h2</c>, <c>my-proto/1</c>);
    /// empty offers none. HOCON <c>tls.alpn-protocols</c>. <b>Default:</b> empty.</summary>
    public IReadOnlyList<string> AlpnProtocols { get; init; } = [];

    /// <summary>The longest a TLS handshake may take before the connection is dropped. HOCON <c>tls.handshake-timeout</c>.
    /// <b>Default:</b> 10 s, as Kestrel.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Code-only: the server's certificate, with its private key, in place of <c>Certificate</c>.</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>Code-only: picks the certificate by the host name the client asked for (SNI; null when it sent none);
    /// returning null falls back to <see cref="ServerCertificate"/> or <c>Certificate</c>.</summary>
    public Func<string?, X509Certificate2?>? ServerCertificateSelector { get; init; }

    /// <summary>Code-only: a further check of a client's certificate, after the chain was built; return true to accept.
    /// Its <see cref="SslPolicyErrors"/> say what the chain check found.</summary>
    public Func<X509Certificate2, X509Chain?, SslPolicyErrors, bool>? ClientCertificateValidation { get; init; }

    /// <summary>Code-only: called for every connection with the options its handshake will use, after every other
    /// setting was applied (Kestrel's <c>OnAuthenticate</c>): the client's address, and the options to change.</summary>
    public Action<EndPoint?, SslServerAuthenticationOptions>? OnAuthenticate { get; init; }

    /// <summary>True when a certificate is given, so the server speaks TLS.</summary>
    public bool IsEnabled => Certificate.Path.Length > 0 || ServerCertificate is not null || ServerCertificateSelector is not null;

    /// <summary>True when a code-only member is set: what a forked child cannot receive.</summary>
    internal bool HasCodeOnlyMembers =>
        ServerCertificate is not null || ServerCertificateSelector is not null || ClientCertificateValidation is not null || OnAuthenticate is not null;

    /// <summary>Equal when every member is: the ALPN list by its names, not by its instance.</summary>
    public bool Equals(TlsSettings? other) =>
        other is not null
        && (Certificate, ClientCertificateMode, ClientCertificateAuthorities, SslProtocols, CheckCertificateRevocation, HandshakeTimeout)
            == (other.Certificate, other.ClientCertificateMode, other.ClientCertificateAuthorities, other.SslProtocols, other.CheckCertificateRevocation, other.HandshakeTimeout)
        && AlpnProtocols.SequenceEqual(other.AlpnProtocols, StringComparer.Ordinal)
        && Tls.SniHocon.SameEntries(Sni, other.Sni)
        && Equals(ServerCertificate, other.ServerCertificate) && Equals(ServerCertificateSelector, other.ServerCertificateSelector)
        && Equals(ClientCertificateValidation, other.ClientCertificateValidation) && Equals(OnAuthenticate, other.OnAuthenticate);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Certificate, ClientCertificateMode, SslProtocols, HandshakeTimeout, AlpnProtocols.Count, Sni.Count);

    /// <summary>Why these settings cannot serve in <paramref name="mode"/>, or null when they can: a forked child runs
    /// the handshake, and no callback or in-memory certificate reaches it.</summary>
    internal ActorServerConfigurationException? CodeOnlyRefusal(ServingMode mode, string tlsPath) =>
        HasCodeOnlyMembers && !Modes.ServerMode.For(mode).RunsHandlerHere
            ? new ActorServerConfigurationException(tlsPath, "(set in code)",
                "in forking mode the child runs the handshake, and callbacks or an in-memory certificate cannot reach it: use tls.certificate.path and the other file keys")
            : null;

    /// <summary>These settings with the code-only members of <paramref name="code"/>: HOCON carries only the rest.</summary>
    internal TlsSettings WithCodeOnlyMembersOf(TlsSettings code) => this with
    {
        ServerCertificate = code.ServerCertificate,
        ServerCertificateSelector = code.ServerCertificateSelector,
        ClientCertificateValidation = code.ClientCertificateValidation,
        OnAuthenticate = code.OnAuthenticate,
    };
}
