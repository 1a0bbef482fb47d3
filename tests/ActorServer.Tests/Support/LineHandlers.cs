namespace ActorServer.Tests.Support;

/// <summary>What a test handler does with the request's first line: the reply (sent with a newline), or null for none.</summary>
public delegate Task<string?> LineBehaviour(string line, CancellationToken cancellationToken);

/// <summary>Behaviours the lifecycle suite shares across kinds.</summary>
public static class Lines
{
    public static readonly LineBehaviour UpperCase = (line, _) => Task.FromResult<string?>(line.ToUpperInvariant());

    /// <summary>Reads one line, applies the behaviour, writes its reply: the same code for stream and datagram handlers.</summary>
    public static async Task ServeAsync(BufferedRequestHandler handler, LineBehaviour behaviour, CancellationToken cancellationToken)
    {
        var line = await handler.ReadLineAsync(cancellationToken);
        if (line is null)
            return;
        var reply = await behaviour(line, cancellationToken);
        if (reply is not null)
            await handler.WriteAsync(reply + "\n", cancellationToken);
    }
}

/// <summary>A stream handler running a <see cref="LineBehaviour"/>.</summary>
public sealed class StreamLineHandler(LineBehaviour behaviour) : StreamRequestHandler
{
    public override Task HandleAsync(CancellationToken cancellationToken) => Lines.ServeAsync(this, behaviour, cancellationToken);
}

/// <summary>A datagram handler running a <see cref="LineBehaviour"/>.</summary>
public sealed class DatagramLineHandler(LineBehaviour behaviour) : DatagramRequestHandler
{
    public override Task HandleAsync(CancellationToken cancellationToken) => Lines.ServeAsync(this, behaviour, cancellationToken);
}
