using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Tls;

/// <summary>The base of TLS server specs: a test authority whose files are removed with the spec.</summary>
public abstract class TlsSpec(ITestOutputHelper output) : ServerSpec(output)
{
    protected TestCertificates Certificates { get; } = new();

    /// <summary>TLS from fresh PEM files of a server certificate for <paramref name="subject"/>.</summary>
    protected TlsSettings ServerTls(string subject = "localhost") => TlsServers.Pem(Certificates.WritePem(Certificates.Server(subject)));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            Certificates.Dispose();
    }
}
