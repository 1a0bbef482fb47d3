using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorServer.Tests.Tls;

/// <summary>
/// A test certificate authority and the certificates it signs, made at test time, with PEM files in a temp folder
/// that <see cref="Dispose"/> removes.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey;

    public TestCertificates(string name = "ActorServer Test CA")
    {
        Folder = Directory.CreateTempSubdirectory("as-tls-").FullName;
        _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        AuthorityPath = Path.Combine(Folder, "ca.pem");
        File.WriteAllText(AuthorityPath, Authority.ExportCertificatePem());
    }

    public string Folder { get; }

    public X509Certificate2 Authority { get; }

    public string AuthorityPath { get; }

    /// <summary>A server certificate for <paramref name="hosts"/> (and 127.0.0.1), with its key.</summary>
    public X509Certificate2 Server(string subject = "localhost", params string[] hosts) =>
        Issue(subject, hosts.Length == 0 ? ["localhost"] : hosts, "1.3.6.1.5.5.7.3.1");

    /// <summary>A server certificate for <paramref name="subject"/> issued by an intermediate authority that the root
    /// signed, as public CAs issue them: a client that trusts only the root needs the intermediate from the server.</summary>
    public (X509Certificate2 Server, X509Certificate2 Intermediate) ServerThroughIntermediate(string subject = "localhost")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ActorServer Test Intermediate", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
        using var signed = request.Create(Authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), Serial());
        var intermediate = signed.CopyWithPrivateKey(key);
        return (Issue(subject, [subject], "1.3.6.1.5.5.7.3.1", intermediate), intermediate);
    }

    /// <summary>A client certificate, with its key.</summary>
    public X509Certificate2 Client(string subject = "test-client") => Issue(subject, [], "1.3.6.1.5.5.7.3.2");

    /// <summary>Writes <paramref name="certificate"/> and its key as PEM files named <paramref name="name"/>.crt/.key,
    /// replacing them if they exist, with <paramref name="chain"/> after the certificate (a <c>fullchain.pem</c>);
    /// returns their paths.</summary>
    public (string Certificate, string Key) WritePem(X509Certificate2 certificate, string name = "server", params X509Certificate2[] chain)
    {
        var certificatePath = Path.Combine(Folder, name + ".crt");
        var keyPath = Path.Combine(Folder, name + ".key");
        using var key = certificate.GetECDsaPrivateKey()!;
        // Written aside and renamed in, as a renewal should be: a reader never sees half a file.
        ReplaceWith(keyPath, key.ExportPkcs8PrivateKeyPem());
        ReplaceWith(certificatePath, string.Concat(chain.Prepend(certificate).Select(c => c.ExportCertificatePem() + "\n")));
        return (certificatePath, keyPath);
    }

    private static void ReplaceWith(string path, string text)
    {
        File.WriteAllText(path + ".new", text);
        File.Move(path + ".new", path, overwrite: true);
    }

    private X509Certificate2 Issue(string subject, string[] hosts, string usage, X509Certificate2? issuer = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (hosts.Length > 0)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var host in hosts)
                names.AddDnsName(host);
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        using var issued = request.Create(issuer ?? Authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), Serial());
        return issued.CopyWithPrivateKey(key);
    }

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7f;
        return serial;
    }

    public void Dispose()
    {
        _caKey.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
