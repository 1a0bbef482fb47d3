using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorServer.Tls;

/// <summary>
/// The server certificate read from its files (PEM, or PFX), read again for the next handshake once a file changed on
/// disk (its write time or length), so a renewed certificate is served without a restart. A connection already open
/// keeps the certificate it was made with. The check is two <c>stat</c> calls per handshake, far below the handshake's
/// own cost, and needs no watcher thread. Each load builds the certificate's chain once, from the other certificates
/// in the file (a PEM <c>fullchain</c>, or a PFX's intermediates), so every handshake sends the whole chain without
/// building it again.
/// </summary>
internal sealed class CertificateFile
{
    private readonly TlsCertificateFiles _files;
    private readonly string _keyPrefix;
    private readonly Lock _gate = new();
    private (DateTime, long, DateTime, long) _stamp;
    private SslStreamCertificateContext _current;

    /// <param name="keyPrefix">The HOCON path of the files' object (<c>….tls.certificate</c>, <c>….tls.sni."a.example"</c>),
    /// for the keys errors name.</param>
    /// <exception cref="ActorServerConfigurationException">A file is missing or unreadable, or the password is wrong.</exception>
    public CertificateFile(TlsCertificateFiles files, string keyPrefix)
    {
        _files = files;
        _keyPrefix = keyPrefix;
        _stamp = Stamp();
        _current = Load();
    }

    /// <summary>The certificate as the files hold it now; the one before if a changed file does not load (a copy
    /// half-written), so a botched renewal does not take the server down.</summary>
    public SslStreamCertificateContext Current(Action<Exception> onReloadFailure)
    {
        var stamp = Stamp();
        lock (_gate)
        {
            if (stamp == _stamp)
                return _current;
            try
            {
                _current = Load();
                _stamp = stamp;
            }
            catch (ActorServerConfigurationException e)
            {
                onReloadFailure(e);
            }
            return _current;
        }
    }

    private (DateTime, long, DateTime, long) Stamp()
    {
        var cert = new FileInfo(_files.Path);
        var key = _files.KeyPath.Length > 0 ? new FileInfo(_files.KeyPath) : null;
        return (cert.Exists ? cert.LastWriteTimeUtc : default, cert.Exists ? cert.Length : -1,
            key is { Exists: true } ? key.LastWriteTimeUtc : default, key is { Exists: true } ? key.Length : -1);
    }

    private SslStreamCertificateContext Load()
    {
        var path = _files.Path;
        var password = TlsPassword.Read(_files, _keyPrefix);
        if (!File.Exists(path))
            throw Invalid("path", path, "no such file");
        if (_files.KeyPath.Length > 0 && !File.Exists(_files.KeyPath))
            throw Invalid("key-path", _files.KeyPath, "no such file");
        try
        {
            // The file is read once: its certificates are the server's (the one with the key) and the intermediates.
            var all = IsPfx(path) ? X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password) : PemCertificates(path);
            var certificate = IsPfx(path) ? LeafOf(all) : PemLeaf(path, password);
            if (certificate is not { HasPrivateKey: true })
                throw Invalid(_files.KeyPath.Length > 0 ? "key-path" : "path", _files.KeyPath.Length > 0 ? _files.KeyPath : path,
                    "the certificate has no private key");
            // Offline: the chain comes from the file alone, so a load never waits on the network.
            return SslStreamCertificateContext.Create(ForServing(certificate), Intermediates(all, certificate), offline: true);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            var key = IsPfx(path) || _files.KeyPath.Length == 0 ? "path" : "key-path";
            throw Invalid(key, key == "path" ? path : _files.KeyPath,
                $"could not read the certificate{(password is null ? "" : " (is the password right?)")}: {e.Message}");
        }
    }

    /// <summary>A PEM-loaded key is ephemeral, which SslStream cannot use on every platform; a PKCS#12 round trip
    /// gives it a persisted key (Windows needs it; on Linux it is cheap enough at load time).</summary>
    private static X509Certificate2 ForServing(X509Certificate2 certificate)
    {
        if (!OperatingSystem.IsWindows())
            return certificate;
        using (certificate)
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private X509Certificate2 PemLeaf(string path, string? password) => password is null
        ? X509Certificate2.CreateFromPemFile(path, _files.KeyPath.Length > 0 ? _files.KeyPath : null)
        : X509Certificate2.CreateFromEncryptedPemFile(path, password, _files.KeyPath.Length > 0 ? _files.KeyPath : null);

    private static X509Certificate2Collection PemCertificates(string path)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(path);
        return all;
    }

    /// <summary>The server's certificate of a PKCS#12 file: the first with a private key, as
    /// <see cref="X509CertificateLoader.LoadPkcs12FromFile(string, string?, X509KeyStorageFlags, Pkcs12LoaderLimits?)"/> picks it.</summary>
    private static X509Certificate2? LeafOf(X509Certificate2Collection all)
    {
        foreach (var certificate in all)
            if (certificate.HasPrivateKey)
                return certificate;
        return all.Count > 0 ? all[0] : null;
    }

    /// <summary>The file's other certificates: what a client needs between the server's certificate and a root it trusts.</summary>
    private static X509Certificate2Collection Intermediates(X509Certificate2Collection all, X509Certificate2 leaf)
    {
        var others = new X509Certificate2Collection();
        foreach (var certificate in all)
        {
            if (ReferenceEquals(certificate, leaf))
                continue;
            if (certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
                certificate.Dispose();
            else
                others.Add(certificate);
        }
        return others;
    }

    private static bool IsPfx(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private ActorServerConfigurationException Invalid(string key, string? value, string expectation) =>
        new($"{_keyPrefix}.{key}", value, expectation);
}
