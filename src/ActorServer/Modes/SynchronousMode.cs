using ActorServer.Actors;

namespace ActorServer.Modes;

/// <summary>One request at a time, as <c>socketserver.TCPServer</c>; the handler runs on the .NET thread pool.</summary>
internal sealed class SynchronousMode : ServerMode
{
    public static readonly SynchronousMode Instance = new();

    public override string Name => "synchronous";

    public override int Capacity(ServerSettings settings) => 1;

    /// <summary>Python's <c>handle_request</c> on a plain server serves its request to the end.</summary>
    public override bool SingleRequestEndsAtHandOver => false;

    /// <summary>A synchronous server always finishes its one request: <c>daemon_threads</c> has no thread to drop.</summary>
    public override TimeSpan DrainTimeout(ServerSettings settings) => settings.DrainTimeout;

    public override void Run(HandlerLaunch launch) => PipelineRun.StartOnThreadPool(launch.Pipeline);
}
