namespace ActorServer.Tls;

/// <summary>A TLS handshake that failed or timed out: always the client's fault (a plaintext client, an untrusted or
/// missing certificate, an old protocol, a silent peer), never a handler failure.</summary>
internal sealed class TlsHandshakeException(string message, Exception inner) : Exception(message, inner);
