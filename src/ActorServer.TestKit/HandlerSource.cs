using System.Runtime.ExceptionServices;

namespace ActorServer.Testing;

/// <summary>
/// Makes the handler instances of one test client. The first is made at once, so that the kit can choose its driver
/// from the handler's real type; a factory that throws is still reported as the server reports it, as a failure in
/// Setup, when the first request runs.
/// </summary>
internal sealed class HandlerSource
{
    private readonly Func<BaseRequestHandler> _create;
    private BaseRequestHandler? _first;
    private ExceptionDispatchInfo? _firstError;

    public HandlerSource(Func<BaseRequestHandler> create)
    {
        _create = create;
        try
        {
            _first = create();
        }
        catch (Exception e)
        {
            _firstError = ExceptionDispatchInfo.Capture(e);
        }
        HandlerType = _first?.GetType();
    }

    /// <summary>The first handler's class; null when the factory threw.</summary>
    public Type? HandlerType { get; }

    /// <summary>The handler for the next request: the one made up front, then a new one each time.</summary>
    public BaseRequestHandler Next()
    {
        if (Interlocked.Exchange(ref _first, null) is { } first)
            return first;
        if (Interlocked.Exchange(ref _firstError, null) is { } error)
            error.Throw();
        return _create();
    }
}
