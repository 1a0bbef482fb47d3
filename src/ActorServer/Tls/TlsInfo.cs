using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ActorServer;

/// <summary>What one TLS connection negotiated, as its handler sees it (<see cref="BaseRequestHandler.Tls"/>).</summary>
/// <param name="Protocol">The TLS version.</param>
/// <param name="CipherSuite">The cipher suite.</param>
/// <param name="ApplicationProtocol">The ALPN protocol agreed on, or null when none was.</param>
/// <param name="HostName">The host name the client asked for (SNI), or null when it sent none.</param>
/// <param name="ClientCertificate">The client's certificate, validated; null when it sent none.</param>
public sealed record TlsInfo(
    SslProtocols Protocol,
    TlsCipherSuite CipherSuite,
    string? ApplicationProtocol,
    string? HostName,
    X509Certificate2? ClientCertificate);
