namespace ActorServer;

/// <summary>Where a TLS server's certificate is read from (Kestrel's certificate <c>Path</c>, <c>KeyPath</c> and
/// password), HOCON <c>tls.certificate { … }</c>. The files are read again for new connections once they change on
/// disk. The password is never in the configuration: it comes from an environment variable or a file.</summary>
public sealed record TlsCertificateFiles
{
    /// <summary>No certificate files.</summary>
    public static readonly TlsCertificateFiles None = new();

    /// <summary>The certificate: PEM (with <see cref="KeyPath"/>, or its key in the same file) or PFX (<c>.pfx</c>,
    /// <c>.p12</c>); setting it turns TLS on. Intermediate certificates after it in a PEM file (a <c>fullchain.pem</c>),
    /// or in the PFX, are sent with it. HOCON <c>tls.certificate.path</c>. <b>Default:</b> empty.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>The PEM private key; empty when the certificate file holds it. HOCON <c>tls.certificate.key-path</c>.
    /// <b>Default:</b> empty.</summary>
    public string KeyPath { get; init; } = string.Empty;

    /// <summary>The environment variable holding the password of a PFX file or an encrypted PEM key. HOCON
    /// <c>tls.certificate.password-env</c>. <b>Default:</b> empty.</summary>
    public string PasswordEnv { get; init; } = string.Empty;

    /// <summary>A file whose text (trailing newline dropped) is the password, as a mounted secret. HOCON
    /// <c>tls.certificate.password-file</c>. <b>Default:</b> empty.</summary>
    public string PasswordFile { get; init; } = string.Empty;
}
