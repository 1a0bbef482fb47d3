using ActorServer.Actors;
using ActorServer.Transport;

namespace ActorServer.Tls;

/// <summary>
/// One TLS request: the handshake, then the handler over the decrypted channel, then TLS's close_notify. It runs where
/// the handler runs (the handler's thread, or the forked child), so a slow handshake holds no actor's mailbox.
/// A failed handshake is the client's fault: no handler is made, and the outcome says why for the client-fault log.
/// </summary>
internal static class TlsRequest
{
    public static async Task<RequestOutcome> RunAsync(Func<BaseRequestHandler> createHandler, Type handlerType, RequestContext context)
    {
        if (context.Channel is not SocketChannel plain)
            throw new InvalidOperationException("TLS needs the request's socket");
        TlsChannel channel;
        TlsInfo info;
        try
        {
            (channel, info) = await context.TlsAuthenticator!.AuthenticateAsync(plain, context.ClientAddress, context.RequestAborted).ConfigureAwait(false);
        }
        catch (TlsHandshakeException e)
        {
            return RequestOutcome.HandshakeFailed(e.Message);
        }
        await using (channel.Stream.ConfigureAwait(false))
        {
            var secured = context with { Request = channel.Stream, Channel = channel, TlsAuthenticator = null, Tls = info };
            var outcome = await RequestPipeline.RunAsync(createHandler, handlerType, secured).ConfigureAwait(false);
            if (outcome.Failure is null)
                await CloseNotifyAsync(channel).ConfigureAwait(false);
            return outcome;
        }
    }

    /// <summary>Tells the client the stream ends here, so it can tell the end from a truncation.</summary>
    private static async Task CloseNotifyAsync(TlsChannel channel)
    {
        try
        {
            await channel.Stream.ShutdownAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // The client has gone already, or the handler ended the stream itself.
        }
    }
}
