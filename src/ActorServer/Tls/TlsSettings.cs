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

    /// <summary>The server's certificate file: PEM (with <see cref="KeyPath"/>, or its key in the same file) or PFX
    /// (<c>.pfx</c>, <c>.p12</c>). Read again for new connections once it changes on disk. HOCON
    /// <c>tls.certificate.path</c>. <b>Default:</b> empty (TLS off).</summary>
    public string CertificatePath { get; init; } = string.Empty;

    /// <summary>The PEM private key of <see cref="CertificatePath"/>; empty when the certificate file holds it.
    /// HOCON <c>tls.certificate.key-path</c>. <b>Default:</b> empty.</summary>
    public string KeyPath { get; init; } = string.Empty;

    /// <summary>The environment variable holding the password of a PFX file or an encrypted PEM key: the password itself
    /// never goes in a configuration. HOCON <c>tls.certificate.password-env</c>. <b>Default:</b> empty.</summary>
    public string PasswordEnv { get; init; } = string.Empty;

    /// <summary>A file whose text (trailing newline dropped) is the password, as a mounted secret. HOCON
    /// <c>tls.certificate.password-file</c>. <b>Default:</b> empty.</summary>
    public string PasswordFile { get; init; } = string.Empty;

    /// <summary>Whether clients are asked for a certificate. HOCON <c>tls.client-certificate-mode</c>.
    /// <b>Default:</b> <see cref="ActorServer.ClientCertificateMode.None"/>.</summary>
    public ClientCertificateMode ClientCertificateMode { get; init; } = ClientCertificateMode.None;

    /// <summary>A PEM file of the certificate authorities a client certificate must chain to, instead of the system's
    /// trust store. HOCON <c>tls.client-certificate-authorities</c>. <b>Default:</b> empty (the system store).</summary>
    public string ClientCertificateAuthoritiesPath { get; init; } = string.Empty;

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

    /// <summary>Code-only: the server's certificate, with its private key, in place of <see cref="CertificatePath"/>.</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>Code-only: picks the certificate by the host name the client asked for (SNI; null when it sent none);
    /// returning null falls back to <see cref="ServerCertificate"/> or <see cref="CertificatePath"/>.</summary>
    public Func<string?, X509Certificate2?>? ServerCertificateSelector { get; init; }

    /// <summary>Code-only: a further check of a client's certificate, after the chain was built; return true to accept.
    /// Its <see cref="SslPolicyErrors"/> say what the chain check found.</summary>
    public Func<X509Certificate2, X509Chain?, SslPolicyErrors, bool>? ClientCertificateValidation { get; init; }

    /// <summary>Code-only: called for every connection with the options its handshake will use, after every other
    /// setting was applied (Kestrel's <c>OnAuthenticate</c>): the client's address, and the options to change.</summary>
    public Action<EndPoint?, SslServerAuthenticationOptions>? OnAuthenticate { get; init; }

    /// <summary>True when a certificate is given, so the server speaks TLS.</summary>
    public bool IsEnabled => CertificatePath.Length > 0 || ServerCertificate is not null || ServerCertificateSelector is not null;

    /// <summary>True when a code-only member is set: what a forked child cannot receive.</summary>
    internal bool HasCodeOnlyMembers =>
        ServerCertificate is not null || ServerCertificateSelector is not null || ClientCertificateValidation is not null || OnAuthenticate is not null;

    /// <summary>Equal when every member is: the ALPN list by its names, not by its instance.</summary>
    public bool Equals(TlsSettings? other) =>
        other is not null
        && (CertificatePath, KeyPath, PasswordEnv, PasswordFile, ClientCertificateMode, ClientCertificateAuthoritiesPath, SslProtocols, CheckCertificateRevocation, HandshakeTimeout)
            == (other.CertificatePath, other.KeyPath, other.PasswordEnv, other.PasswordFile, other.ClientCertificateMode, other.ClientCertificateAuthoritiesPath, other.SslProtocols, other.CheckCertificateRevocation, other.HandshakeTimeout)
        && AlpnProtocols.SequenceEqual(other.AlpnProtocols, StringComparer.Ordinal)
        && Equals(ServerCertificate, other.ServerCertificate) && Equals(ServerCertificateSelector, other.ServerCertificateSelector)
        && Equals(ClientCertificateValidation, other.ClientCertificateValidation) && Equals(OnAuthenticate, other.OnAuthenticate);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CertificatePath, KeyPath, ClientCertificateMode, SslProtocols, HandshakeTimeout, AlpnProtocols.Count);

    /// <summary>These settings with the code-only members of <paramref name="code"/>: HOCON carries only the rest.</summary>
    internal TlsSettings WithCodeOnlyMembersOf(TlsSettings code) => this with
    {
        ServerCertificate = code.ServerCertificate,
        ServerCertificateSelector = code.ServerCertificateSelector,
        ClientCertificateValidation = code.ClientCertificateValidation,
        OnAuthenticate = code.OnAuthenticate,
    };
}
