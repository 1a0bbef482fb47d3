using System.Net;
using ActorServer.Tests.Support;

namespace ActorServer.Tests.Tls;

/// <summary>The TlsEcho sample as a user runs it: a real process with PEM files, and a real TLS client.</summary>
public sealed class TlsEchoSampleSpec : IDisposable
{
    private readonly TestCertificates _certificates = new();

    [Fact]
    public async Task The_tls_echo_sample_must_answer_each_line_upper_cased_over_tls()
    {
        var (certificate, key) = _certificates.WritePem(_certificates.Server());
        await using var server = SampleProcess.Start("TlsEcho", "--host", "127.0.0.1", "--port", "0", "--cert", certificate, "--key", key);
        var address = IPEndPoint.Parse(await server.ListeningOnAsync());

        await using (var client = await TlsClient.ConnectAsync(address, _certificates.Authority))
        {
            Assert.Equal("HELLO", await client.AskAsync(" hello "));
            Assert.Equal("TLS", await client.AskAsync("tls"));
        }
        var (exitCode, output) = await server.StopAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("connected with Tls13", output);
    }

    [Fact]
    public async Task The_tls_echo_sample_must_refuse_to_start_with_a_missing_certificate_naming_the_key()
    {
        var missing = Path.Combine(_certificates.Folder, "missing.crt");

        var (exitCode, output) = await SampleProcess.RunAsync("TlsEcho", "--port", "0", "--cert", missing, "--key", missing);

        Assert.Equal(1, exitCode);
        Assert.Contains("tls.certificate.path", output);
    }

    public void Dispose() => _certificates.Dispose();
}
