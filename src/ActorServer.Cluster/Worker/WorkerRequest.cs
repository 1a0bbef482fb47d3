using System.Net;
using ActorServer.Actors;
using ActorServer.Cluster.Messages;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;

namespace ActorServer.Cluster.Worker;

/// <summary>
/// One remote request on a worker node: the core's own pipeline (Setup → Handle → Finish, or a flow handler's flow)
/// over a <see cref="StreamRefChannel"/>, as a forked child runs it over its socket. A plain class: the worker actor
/// owns its lifecycle and count; this moves the bytes.
/// </summary>
internal sealed class WorkerRequest(ServeRequest serve, Type? handlerType, WorkerContext worker, IMaterializer materializer, ILoggingAdapter log)
{
    /// <summary>The prefix of the output's failure when the handler failed: the front tells it from a lost worker by it.</summary>
    public const string FailurePrefix = "actor-server handler failed: ";

    /// <summary>The prefix of the output's failure when the handler ended on its client's fault (a reset, an over-long
    /// line): the front warns of it as of any client's fault, rate-limited, and it is no handler failure.</summary>
    public const string ClientFaultPrefix = "actor-server client fault: ";

    private readonly CancellationTokenSource _aborted = new();

    /// <summary>Cancels the handler and resets its connection (a drain past its timeout).</summary>
    public void Abort() => _aborted.Cancel();

    /// <summary>Answers <paramref name="replyTo"/> with the output's reference, runs the handler, ends the streams;
    /// never throws.</summary>
    public async Task RunAsync(IActorRef replyTo)
    {
        var (channel, outputRef) = StreamRefChannel.Open(serve.Input, serve.StreamBuffer, materializer);
        try
        {
            replyTo.Tell(new Serving(await outputRef.ConfigureAwait(false), worker.Node.ToString()));
        }
        catch (Exception e)
        {
            log.Warning("Could not answer the request of {0} from server {1}: {2}", serve.Client, serve.Server, e.Message);
            channel.Reset();
            return;
        }
        if (handlerType is null)
        {
            channel.Fail(new EndedRemotely($"{FailurePrefix}{RequestPhase.Setup}: the handler type {serve.HandlerType} cannot be loaded on the worker {worker.Node}"));
            return;
        }
        if (serve.RequestTimeout is { } limit)
            _aborted.CancelAfter(limit);
        using var resetOnAbort = _aborted.Token.Register(channel.Reset);
        var context = new RequestContext(channel, ClientAddress(serve.Client), Server: null, channel, _aborted.Token, Materializer: materializer);
        RequestOutcome outcome;
        WorkerContext.Current = worker;
        try
        {
            outcome = await RequestPipeline.RunAsync(() => (BaseRequestHandler)Activator.CreateInstance(handlerType)!, handlerType, context).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            outcome = RequestOutcome.Failed(new HandlerFailedException(handlerType, RequestPhase.Handle, context.ClientAddress, e), _aborted.Token);
        }
        if (outcome is { Failure: { } clientFault, Cancelled: false } && ClientFault.Is(clientFault.InnerException))
        {
            log.Debug("The request of {0} from server {1} ended on its client's fault: {2}", serve.Client, serve.Server, clientFault.InnerException!.Message);
            channel.Fail(new EndedRemotely(ClientFaultPrefix + clientFault.InnerException.Message));
        }
        else if (outcome is { Failure: { } failure, Cancelled: false })
        {
            log.Error(failure, "The handler of the request of {0} from server {1} failed", serve.Client, serve.Server);
            channel.Fail(new EndedRemotely($"{FailurePrefix}{failure.Phase}: {failure.InnerException?.Message ?? failure.Message}"));
        }
        else
        {
            channel.Close();
        }
        _aborted.Dispose();
    }

    /// <summary>The client's address as the front wrote it, as an endpoint where it reads as one.</summary>
    private static EndPoint? ClientAddress(string? text) =>
        text is not null && IPEndPoint.TryParse(text, out var ip) ? ip : null;

    /// <summary>The failure the worker's output stream ends with: only its message crosses to the front, which reads the
    /// prefix (a handler failure and its phase, or a client's fault).</summary>
    private sealed class EndedRemotely(string message) : Exception(message);
}
