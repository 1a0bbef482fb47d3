namespace ActorServer.Hosting.Tests.Support;

/// <summary>A service from the container, injected into <see cref="GreetingHandler"/>.</summary>
public sealed class Greeting(string text)
{
    public string Text { get; } = text;
}

/// <summary>Replies to a line with the injected greeting and the line.</summary>
public sealed class GreetingHandler(Greeting greeting) : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        await WriteAsync($"{greeting.Text}, {line}\n", cancellationToken);
    }
}

/// <summary>Gates a request: <see cref="Started"/> fires when it has read its line; it replies once <see cref="Release"/> is called.</summary>
public sealed class RequestGate
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Started => _started.Task;

    public Task Released => _released.Task;

    public void Start() => _started.TrySetResult();

    public void Release() => _released.TrySetResult();
}

public sealed class GatedHandler(RequestGate gate) : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        gate.Start();
        await gate.Released.WaitAsync(cancellationToken);
        await WriteAsync(line!.ToUpperInvariant() + "\n", cancellationToken);
    }
}

/// <summary>Echoes a line, prefixed with the name of the server that served it: which of several servers answered.</summary>
public sealed class NamedEchoHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        await WriteAsync($"{Server.Name}: {line}\n", cancellationToken);
    }
}
