namespace ActorServer.Tests.Support;

/// <summary>
/// What the lifecycle suite's handlers do, decided by the request's first line rather than by a closure, so the same
/// handler type serves in the test's process and in a forked child:
/// <list type="bullet">
/// <item><c>boom</c>: throws <see cref="InvalidOperationException"/>;</item>
/// <item><c>visit PROBE-PATH TEXT</c>: checks in at the <see cref="HandlerProbe"/> with TEXT, then replies TEXT upper-cased;</item>
/// <item>anything else: replies the line upper-cased.</item>
/// </list>
/// Replies end with a newline.
/// </summary>
public static class Script
{
    public const string Boom = "boom";

    /// <summary>The line that makes a handler visit <paramref name="probe"/> with <paramref name="text"/>.</summary>
    public static string Visit(HandlerProbe probe, string text) => $"visit {probe.Path} {text}";

    public static async Task ServeAsync(BufferedRequestHandler handler, CancellationToken cancellationToken)
    {
        var line = await handler.ReadLineAsync(cancellationToken);
        if (line is null)
            return;
        if (line == Boom)
            throw new InvalidOperationException("the handler exploded on purpose");
        if (line.StartsWith("visit ", StringComparison.Ordinal) && line.Split(' ', 3) is [_, var probe, var text])
        {
            await HandlerProbe.VisitAsync(probe, text, cancellationToken);
            line = text;
        }
        await handler.WriteAsync(line.ToUpperInvariant() + "\n", cancellationToken);
    }
}

/// <summary>A stream handler following the <see cref="Script"/>.</summary>
public sealed class ScriptedStreamHandler : StreamRequestHandler
{
    public override Task HandleAsync(CancellationToken cancellationToken) => Script.ServeAsync(this, cancellationToken);
}

/// <summary>A datagram handler following the <see cref="Script"/>.</summary>
public sealed class ScriptedDatagramHandler : DatagramRequestHandler
{
    public override Task HandleAsync(CancellationToken cancellationToken) => Script.ServeAsync(this, cancellationToken);
}
