namespace ActorServer.Tests.Support;

/// <summary>
/// What the lifecycle suite's handlers do, decided by the request's first line rather than by a closure, so the same
/// handler type serves in the test's process and in a forked child:
/// <list type="bullet">
/// <item><c>boom</c>: throws <see cref="InvalidOperationException"/>;</item>
/// <item><c>visit PROBE-PATH TEXT</c>: checks in at the <see cref="HandlerProbe"/> with TEXT, then replies TEXT upper-cased;</item>
/// <item><c>visit-in-finish PROBE-PATH TEXT</c>: replies TEXT upper-cased, then checks in at the probe from Finish;</item>
/// <item><c>silent MS</c>: a stream handler sets its idle <c>Timeout</c> to MS; then it reads one more line and
/// replies it upper-cased, or <c>NO MORE</c> at the end of the request;</item>
/// <item>anything else: replies the line upper-cased.</item>
/// </list>
/// Replies end with a newline. One instance per handler: it keeps what Finish has to do.
/// </summary>
public sealed class Script
{
    public const string Boom = "boom";

    private (string Probe, string Text)? _finishVisit;

    /// <summary>The line that makes a handler visit <paramref name="probe"/> with <paramref name="text"/>.</summary>
    public static string Visit(HandlerProbe probe, string text) => $"visit {probe.Path} {text}";

    /// <summary>The line that makes a handler reply, then visit <paramref name="probe"/> from its Finish.</summary>
    public static string VisitInFinish(HandlerProbe probe, string text) => $"visit-in-finish {probe.Path} {text}";

    /// <summary>The line that makes a stream handler wait for another line under an idle <c>Timeout</c> of <paramref name="limit"/>.</summary>
    public static string Silent(TimeSpan limit) => $"silent {limit.TotalMilliseconds:0}";

    public async Task HandleAsync(BufferedRequestHandler handler, CancellationToken cancellationToken)
    {
        var line = await handler.ReadLineAsync(cancellationToken);
        if (line is null)
            return;
        if (line == Boom)
            throw new InvalidOperationException("the handler exploded on purpose");
        switch (line.Split(' ', 3))
        {
            case ["visit", var probe, var text]:
                await HandlerProbe.VisitAsync(probe, text, cancellationToken);
                line = text;
                break;
            case ["visit-in-finish", var probe, var text]:
                _finishVisit = (probe, text);
                line = text;
                break;
            case ["silent", var milliseconds]:
                if (handler is StreamRequestHandler stream)
                    stream.Timeout = TimeSpan.FromMilliseconds(int.Parse(milliseconds, System.Globalization.CultureInfo.InvariantCulture));
                line = await handler.ReadLineAsync(cancellationToken) ?? "no more";
                break;
        }
        await handler.WriteAsync(line.ToUpperInvariant() + "\n", cancellationToken);
    }

    public Task FinishAsync(CancellationToken cancellationToken) =>
        _finishVisit is var (probe, text) ? HandlerProbe.VisitAsync(probe, text, cancellationToken) : Task.CompletedTask;
}

/// <summary>A stream handler following the <see cref="Script"/>.</summary>
public sealed class ScriptedStreamHandler : StreamRequestHandler
{
    private readonly Script _script = new();

    public override Task HandleAsync(CancellationToken cancellationToken) => _script.HandleAsync(this, cancellationToken);

    public override Task FinishAsync(CancellationToken cancellationToken) => _script.FinishAsync(cancellationToken);
}

/// <summary>A datagram handler following the <see cref="Script"/>.</summary>
public sealed class ScriptedDatagramHandler : DatagramRequestHandler
{
    private readonly Script _script = new();

    public override Task HandleAsync(CancellationToken cancellationToken) => _script.HandleAsync(this, cancellationToken);

    public override Task FinishAsync(CancellationToken cancellationToken) => _script.FinishAsync(cancellationToken);
}
