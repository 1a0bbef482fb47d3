using System.Threading.Tasks.Sources;
using Akka.Dispatch;

namespace ActorServer.Modes;

/// <summary>
/// A handler's pending read or write as a <see cref="ValueTask"/> whose continuation goes straight to the handler's
/// dispatcher: one object per handler and direction, reused for every operation that has to wait.
/// </summary>
/// <remarks>
/// A handler on a <see cref="DispatcherTaskScheduler"/> awaits on that scheduler, and a plain pooled <see cref="ValueTask"/>
/// brings the continuation back to it through <c>Task.Factory.StartNew</c>: a task and a runnable for every message that
/// had to wait (115 bytes of the 276 per echoed message in the pingpong benchmark). Here the continuation is queued to the
/// same dispatcher as this object itself, so it runs on the same threads as before, and allocates nothing. Any other
/// context (a <see cref="SynchronizationContext"/>, another scheduler, <c>ConfigureAwait(false)</c>) is served as
/// <see cref="ManualResetValueTaskSourceCore{TResult}"/> serves it. One operation at a time, as reads (and writes) are
/// one at a time on a request.
/// </remarks>
internal sealed class DispatchedCompletion<T> : IValueTaskSource<T>, IValueTaskSource, IRunnable
{
    private static readonly Action<object?> ContinueOnCompletion = static self => ((DispatchedCompletion<T>)self!).Continue();
    private static readonly ContextCallback InvokeInContext = static self => ((DispatchedCompletion<T>)self!).InvokeTaken();

    private readonly Action _onInnerCompleted;
    private ManualResetValueTaskSourceCore<T> _core = new() { RunContinuationsAsynchronously = false };
    private ValueTask<T> _inner;
    private ValueTask _innerVoid;
    private bool _isVoid;
    private MessageDispatcher? _dispatcher;
    private Action<object?>? _continuation;
    private object? _state;
    private ExecutionContext? _context;
    private bool _dispatch;

    public DispatchedCompletion() => _onInnerCompleted = OnInnerCompleted;

    /// <summary>True when an await here would go back to a dispatcher: the only case this class improves on.</summary>
    public static bool Applies => TaskScheduler.Current is DispatcherTaskScheduler && SynchronizationContext.Current is null;

    /// <summary>Stands for <paramref name="inner"/>, which has not completed, until it completes.</summary>
    public ValueTask<T> Wrap(ValueTask<T> inner)
    {
        Start(isVoid: false);
        _inner = inner;
        inner.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onInnerCompleted);
        return new ValueTask<T>(this, _core.Version);
    }

    /// <inheritdoc cref="Wrap(ValueTask{T})"/>
    public ValueTask WrapVoid(ValueTask inner)
    {
        Start(isVoid: true);
        _innerVoid = inner;
        inner.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onInnerCompleted);
        return new ValueTask(this, _core.Version);
    }

    private void Start(bool isVoid)
    {
        _core.Reset();
        _isVoid = isVoid;
        _dispatch = false;
        _dispatcher = (TaskScheduler.Current as DispatcherTaskScheduler)?.Dispatcher;
    }

    private void OnInnerCompleted()
    {
        try
        {
            if (_isVoid)
            {
                var inner = _innerVoid;
                _innerVoid = default;
                inner.GetAwaiter().GetResult();
                _core.SetResult(default!);
            }
            else
            {
                var inner = _inner;
                _inner = default;
                _core.SetResult(inner.GetAwaiter().GetResult());
            }
        }
        catch (Exception e)
        {
            _core.SetException(e);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public T GetResult(short token) => _core.GetResult(token);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        var scheduling = (flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0;
        if (scheduling && (_dispatcher is null || !Applies))
        {
            // Some other context than the dispatcher this began on: the standard handling, whatever it costs.
            _core.OnCompleted(continuation, state, token, flags);
            return;
        }
        _continuation = continuation;
        _state = state;
        _context = (flags & ValueTaskSourceOnCompletedFlags.FlowExecutionContext) != 0 ? ExecutionContext.Capture() : null;
        _dispatch = scheduling;
        _core.OnCompleted(ContinueOnCompletion, this, token, ValueTaskSourceOnCompletedFlags.None);
    }

    /// <summary>On the thread that completed the operation: queues the continuation to the dispatcher, or runs it here
    /// for an await without a context (<c>ConfigureAwait(false)</c>), as any completion source would.</summary>
    private void Continue()
    {
        if (_dispatch)
            _dispatcher!.Schedule(this);
        else
            Run();
    }

    public void Run()
    {
        // Taken before it runs: the continuation may start this object's next operation at once.
        if (_context is { } context)
        {
            _context = null;
            ExecutionContext.Run(context, InvokeInContext, this);
        }
        else
            InvokeTaken();
    }

    private void InvokeTaken()
    {
        var continuation = _continuation!;
        var state = _state;
        _continuation = null;
        _state = null;
        continuation(state);
    }

    // Akka's runnables are also thread-pool work items, for executors that queue them to the .NET pool directly.
    public void Execute() => Run();
}
