using ActorServer.Actors;

namespace ActorServer.Modes;

/// <summary>
/// A serving mode as a type: what one mode decides (how many requests run at once, where a handler runs, how long
/// shutdown waits, what it validates). <see cref="For"/> is the one place that looks at <see cref="ServingMode"/>;
/// everything else asks the mode object.
/// </summary>
internal abstract class ServerMode
{
    public static ServerMode For(ServingMode mode) => mode switch
    {
        ServingMode.Synchronous => SynchronousMode.Instance,
        ServingMode.Threading => ThreadingMode.Instance,
        ServingMode.Forking => ForkingMode.Instance,
        ServingMode.Cluster => ClusterMode.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "no such serving mode"),
    };

    /// <summary>The mode's name as HOCON spells it, for logs.</summary>
    public abstract string Name { get; }

    /// <summary>The most requests in flight at once.</summary>
    public abstract int Capacity(ServerSettings settings);

    /// <summary>True when <c>handle_request</c> returns as soon as its request is handed over (Python's mix-ins
    /// return once the thread or child is started); false when it waits for the request to end.</summary>
    public virtual bool SingleRequestEndsAtHandOver => true;

    /// <summary>How long shutdown waits for requests in flight: Python's <c>block_on_close</c> and <c>daemon_threads</c>
    /// decide it outside synchronous mode.</summary>
    public virtual TimeSpan DrainTimeout(ServerSettings settings) =>
        settings.DaemonThreads || !settings.BlockOnClose ? TimeSpan.Zero : settings.DrainTimeout;

    /// <summary>The Akka dispatcher that runs <paramref name="server"/>'s handlers, or null for the .NET thread pool.</summary>
    public virtual string? HandlerDispatcher(SocketServer server, ServerSettings settings) => null;

    /// <summary>True when <paramref name="server"/>'s handlers run on their requests' own actors, each started on its
    /// actor's turn (threading mode's datagrams with an asynchronous handler); false by default.</summary>
    public virtual bool RunsHandlerOnActor(SocketServer server, ServerSettings settings) => false;

    /// <summary>Throws <see cref="ActorServerConfigurationException"/> for a setting this mode cannot serve with.</summary>
    public virtual void Validate(SocketServer server, ServerSettings settings)
    {
    }

    /// <summary>Readies what the mode needs before its first request (forking: the warm pool).</summary>
    public virtual void Prepare(SocketServer server, ServerSettings settings)
    {
    }

    /// <summary>True when the handler runs in this process (and its connection actor materializes a flow handler's flow);
    /// false when it runs elsewhere (a forked child, which materializes its own).</summary>
    public virtual bool RunsHandlerHere => true;

    /// <summary>Starts one request's handler off its connection actor's mailbox; the outcome comes back to the actor.</summary>
    public abstract void Run(HandlerLaunch launch);

    /// <summary>Runs the pipeline around <paramref name="serve"/>, a request served elsewhere (a forked child, a worker
    /// node). A server's own ProcessRequestAsync runs off the connection actor's thread, as in the other modes.</summary>
    protected static void RunElsewhere(HandlerLaunch launch, Func<Task<RequestOutcome>> serve)
    {
        if (launch.Run.Server.HooksRequests)
            _ = Task.Run(() => launch.Pipeline.RunAsync(serve));
        else
            _ = launch.Pipeline.RunAsync(serve);
    }

    /// <summary>How a request is ended when it times out, as the warning says it.</summary>
    public virtual string WhatTimingOutDoes(bool datagram) =>
        // A datagram's socket is the server's, shared by every datagram: there is nothing of the request's own to close.
        datagram ? "cancelled" : "cancelled, and its connection closed";
}
