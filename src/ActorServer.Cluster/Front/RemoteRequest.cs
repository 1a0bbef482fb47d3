using ActorServer.Actors;
using ActorServer.Cluster.Messages;
using ActorServer.Cluster.Worker;
using ActorServer.Transport;
using Akka.Actor;
using Akka.Event;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorServer.Cluster.Front;

/// <summary>
/// One request on the front node: its connection stays here, its handler runs on a worker. The client's bytes are read
/// from the socket only as the worker's input stream reference has room (the references' demand is the back-pressure),
/// and the worker's output is written to the socket as it comes. When the worker is lost the connection is reset, or,
/// for a retry-safe handler that sent nothing yet, the input so far is replayed to another worker, once.
/// </summary>
/// <remarks>Not the core's connection stage joined to a flow of references: a retry moves the request to another worker's
/// streams midway, which a graph joined once cannot; these two loops give the same back-pressure with two hops fewer.</remarks>
internal sealed partial class RemoteRequest(ClusterBridge bridge, AcceptedRequest request, ServerSettings settings, CancellationToken aborted)
{
    /// <summary>The most bytes one socket read takes: one element of the worker's input.</summary>
    private const int ReadSize = 16384;

    private readonly IDuplexChannel _channel = request.Channel ?? throw new InvalidOperationException("cluster mode serves stream requests");
    private readonly string? _client = request.ClientAddress?.ToString();
    private readonly string _hashKey = request.ClientAddress is System.Net.IPEndPoint ip ? ip.Address.ToString() : request.ClientAddress?.ToString() ?? "";
    private readonly List<ByteString> _replay = [];
    private int _replayBytes;
    private bool _keepReplay = bridge.RetrySafe && settings.Cluster.RetryBuffer > 0;
    private bool _inputEnded;
    private bool _producedOutput;

    /// <summary>Serves the request; never throws.</summary>
    public async Task<RequestOutcome> ServeAsync()
    {
        try
        {
            var excluded = new HashSet<Address>();
            for (var attempt = 0; ; attempt++)
            {
                var started = await StartAsync(excluded).ConfigureAwait(false);
                if (started is null)
                    return NotServed("no worker took it");
                var end = await RunAsync(started).ConfigureAwait(false);
                switch (end)
                {
                    case AttemptEnd.Done:
                        return RequestOutcome.Completed;
                    case AttemptEnd.ClientGone:
                        request.Abort();
                        return RequestOutcome.Completed;
                    case AttemptEnd.Cancelled:
                        request.Abort();
                        return new RequestOutcome(null, Cancelled: true);
                    case AttemptEnd.HandlerFailed failed:
                        request.Abort();
                        return RequestOutcome.Failed(new HandlerFailedException(bridge.Server.HandlerType, failed.Phase, request.ClientAddress,
                            new RemoteHandlerException(started.Worker, failed.Message)), aborted);
                    case AttemptEnd.WorkerLost lost when attempt == 0 && CanRetry:
                        bridge.Log.Info("Request from {0}: its worker {1} was lost ({2}) before it answered; retried on another worker",
                            _client, started.Worker, lost.Reason);
                        excluded.Add(started.Worker);
                        _keepReplay = false;
                        continue;
                    case AttemptEnd.WorkerLost lost:
                        bridge.Server.ClientFaults.Warning("worker-lost", "Request from {0}: its worker {1} was lost ({2}); its connection is reset",
                            _client, started.Worker, lost.Reason);
                        request.Abort();
                        return RequestOutcome.Completed;
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            request.Abort();
            return new RequestOutcome(null, Cancelled: true);
        }
        catch (Exception e)
        {
            request.Abort();
            return RequestOutcome.Failed(new HandlerFailedException(bridge.Server.HandlerType, RequestPhase.Setup, request.ClientAddress, e), aborted);
        }
    }

    /// <summary>A retry replays everything the client sent: possible only while nothing was sent back and all of it was kept.</summary>
    private bool CanRetry => bridge.RetrySafe && _keepReplay && !_producedOutput;

    /// <summary>No worker served the request: its connection is closed (gracefully: no handler began, so there is no
    /// reply to cut short), with a rate-limited warning.</summary>
    private RequestOutcome NotServed(string why)
    {
        bridge.Server.ClientFaults.Warning("no-worker", "Request from {0} to server {1} was not served: {2}; its connection is closed",
            _client, bridge.Server.Name, why);
        return RequestOutcome.Completed;
    }

    /// <summary>Hands the request to a worker: through the router the first time, else to a reachable worker not yet tried;
    /// one that refuses (it drains) or does not answer in time is passed over. Null when none is left.</summary>
    private async Task<Attempt?> StartAsync(HashSet<Address> excluded)
    {
        var tries = bridge.Workers.Reachable.Count + 1;
        for (var i = 0; i < tries; i++)
        {
            ICanTell? target = excluded.Count == 0 && i == 0
                ? bridge.Workers.Any ? bridge.Router : null
                : bridge.Workers.Reachable.Where(w => !excluded.Contains(w)).Select(WorkerAt).FirstOrDefault();
            if (target is null)
                return null;
            var refAttributes = StreamRefAttributes.CreateBufferCapacity(settings.Cluster.StreamBuffer);
            var (input, inputRef) = Source.Queue<ByteString>(settings.Cluster.StreamBuffer, OverflowStrategy.Backpressure)
                .ToMaterialized(StreamRefs.SourceRef<ByteString>().WithAttributes(refAttributes), Keep.Both)
                .Run(bridge.Materializer);
            var serve = new ServeRequest(bridge.Server.Name, HandlerTypeName(bridge.Server.HandlerType), _client, _hashKey,
                await inputRef.ConfigureAwait(false), settings.RequestTimeout, settings.Cluster.StreamBuffer);
            object reply;
            try
            {
                reply = await target.Ask<IClusterMessage>(serve, settings.Cluster.WorkerTimeout, aborted).ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
                input.Fail(new TimeoutException("the worker did not answer"));
                continue;
            }
            switch (reply)
            {
                case Serving serving:
                    return new Attempt(input, serving.Output, Address.Parse(serving.Worker));
                case Refused refused:
                    input.Complete();
                    excluded.Add(Address.Parse(refused.Worker));
                    continue;
            }
        }
        return null;
    }

    private ICanTell WorkerAt(Address worker) => bridge.Server.System.ActorSelection(new RootActorPath(worker) / "user" / WorkerActor.Name);

    private static string HandlerTypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
