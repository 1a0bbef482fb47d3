namespace ActorServer;

/// <summary>Whether a TLS server asks its clients for a certificate (Kestrel's <c>ClientCertificateMode</c>).
/// HOCON <c>tls.client-certificate-mode</c>: <c>none</c>, <c>allow</c> or <c>require</c>.</summary>
public enum ClientCertificateMode
{
    /// <summary>No certificate is asked for; one sent anyway is ignored.</summary>
    None,

    /// <summary>A certificate is asked for but optional; one that is sent must be valid.</summary>
    Allow,

    /// <summary>A valid certificate is required: a client without one fails its handshake.</summary>
    Require,
}
