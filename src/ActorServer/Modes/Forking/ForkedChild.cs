using System.Net.Sockets;
using ActorServer.Actors;

namespace ActorServer.Modes.Forking;

/// <summary>
/// The child's side of the forking bridge: connects back to the server, then serves the requests it is handed, one
/// at a time, with a new handler each, until it has served its quota or the server closes the channel.
/// </summary>
internal static class ForkedChild
{
    /// <param name="args">The control socket's path, the start id to answer with, the handler's assembly-qualified type
    /// name, and how many requests to serve before exiting (0: no limit).</param>
    public static int Run(string[] args)
    {
        if (args.Length != 4 || !int.TryParse(args[1], out var startId) || !int.TryParse(args[3], out var quota))
        {
            Console.Error.WriteLine("usage: ActorServer.dll --actor-server-child CONTROL-PATH START-ID HANDLER-TYPE QUOTA");
            return 2;
        }
        // First: a child whose server is killed must not go on serving (nor holding a client) on its own.
        ParentWatch.Start();
        var handlerType = Type.GetType(args[2], throwOnError: true)!;
        Func<BaseRequestHandler> createHandler = () => (BaseRequestHandler)Activator.CreateInstance(handlerType, nonPublic: true)!;
        using var flows = ChildFlows.For(handlerType);

        using var control = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            control.Connect(new UnixDomainSocketEndPoint(args[0]));
            control.Send(ChildProtocol.Ready(startId));
        }
        catch (SocketException)
        {
            // The server closed while this child was starting, and will reap it; its log tells the exit code.
            return 1;
        }

        var buffer = new byte[ChildProtocol.MaxPacket];
        for (var served = 0; quota == 0 || served < quota; served++)
        {
            var length = ReceiveRequest(control, buffer, out var descriptor);
            if (length == 0)
                return 0; // The server closed the channel: it is shutting down.
            var header = ChildProtocol.ReadRequest(buffer.AsSpan(0, length));
            var request = ChildRequests.Rebuild(header, descriptor);
            RequestOutcome outcome;
            try
            {
                // The server times Finish (finish-timeout) only if it hears when Finish begins; it kills this process when it passes.
                Action? finishing = header.ReportFinishing ? () => control.Send(ChildProtocol.Finishing()) : null;
                var context = new RequestContext(request.Request, request.ClientAddress, null, request.Channel, CancellationToken.None, finishing, flows?.Materializer,
                    Tls.ChildTls.Authenticator(header.Tls));
                outcome = RequestPipeline.RunAsync(createHandler, handlerType, context).AsTask().GetAwaiter().GetResult();
            }
            finally
            {
                request.Close();
            }
            control.Send(ChildProtocol.Outcome(outcome, request.BytesReceived, request.BytesSent));
        }
        return 0;
    }

    /// <summary>The next request packet; 0 when the server closed the channel, or closed before taking this child's
    /// connection (then the channel is reset rather than ended).</summary>
    private static int ReceiveRequest(Socket control, byte[] buffer, out int descriptor)
    {
        try
        {
            return FdPassing.Receive(control, buffer, out descriptor);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            descriptor = -1;
            return 0;
        }
    }
}
