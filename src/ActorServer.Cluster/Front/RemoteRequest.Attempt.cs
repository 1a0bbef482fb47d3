using System.Buffers;
using System.Net.Sockets;
using ActorServer.Cluster.Worker;
using ActorServer.Flows;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorServer.Cluster.Front;

// One attempt: the request on one worker, its two loops (client → worker, worker → client), and how it ended.
internal sealed partial class RemoteRequest
{
    /// <summary>Runs the request on <paramref name="attempt"/>'s worker until its output ends, it fails, the worker is lost,
    /// the client goes, or the request is cancelled.</summary>
    private async Task<AttemptEnd> RunAsync(Attempt attempt)
    {
        var lost = bridge.Workers.LossOf(attempt.Worker);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(aborted, lost);
        var (outputSwitch, output) = attempt.Output.Source
            .WithAttributes(StreamRefAttributes.CreateBufferCapacity(settings.Cluster.StreamBuffer))
            .ViaMaterialized(KillSwitches.Single<ByteString>(), Keep.Right)
            .ToMaterialized(Sink.Queue<ByteString>().WithAttributes(Attributes.CreateInputBuffer(1, 1)), Keep.Both)
            .Run(bridge.Materializer);
        var inputPump = PumpInputAsync(attempt.Input, ending.Token);
        var outputPump = PumpOutputAsync(output, ending.Token);
        AttemptEnd end;
        try
        {
            // The client's going ends the request at once; the input ending by itself (end of file) does not.
            var first = await Task.WhenAny(outputPump, inputPump.ContinueWith(static pump => pump.Result ? Task.CompletedTask : new TaskCompletionSource().Task,
                TaskScheduler.Default).Unwrap()).ConfigureAwait(false);
            end = first == outputPump ? await EndOf(outputPump, lost).ConfigureAwait(false) : AttemptEnd.ClientGone.Instance;
        }
        finally
        {
            ending.Cancel();
            outputSwitch.Abort(new OperationCanceledException("the request ended on the front node"));
        }
        // A handler that ended closed its input itself; any other end stops the worker's reads (if it is still there).
        if (end is not AttemptEnd.Done)
            attempt.Input.Fail(new OperationCanceledException("the request ended on the front node"));
        await inputPump.ConfigureAwait(false);
        return end;
    }

    /// <summary>How the output loop's end reads: its completion is the handler's end; its failure is the handler's (the
    /// worker says so), the worker's loss, the client's, or the request's cancellation.</summary>
    private async Task<AttemptEnd> EndOf(Task outputPump, CancellationToken lost)
    {
        try
        {
            await outputPump.ConfigureAwait(false);
            return AttemptEnd.Done.Instance;
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            return AttemptEnd.Cancelled.Instance;
        }
        catch (Exception) when (lost.IsCancellationRequested)
        {
            return new AttemptEnd.WorkerLost("unreachable or leaving");
        }
        catch (ClientGoneException)
        {
            return AttemptEnd.ClientGone.Instance;
        }
        catch (Exception e) when (HandlerFailure(e.Message) is { } failed)
        {
            return failed;
        }
        catch (Exception e) when (e.Message.Contains(WorkerRequest.ClientFaultPrefix, StringComparison.Ordinal))
        {
            bridge.Server.ClientFaults.Warning("client-fault", "Request from {0}: {1}", _client,
                e.Message[(e.Message.IndexOf(WorkerRequest.ClientFaultPrefix, StringComparison.Ordinal) + WorkerRequest.ClientFaultPrefix.Length)..]);
            return AttemptEnd.ClientGone.Instance;
        }
        catch (Exception e)
        {
            return new AttemptEnd.WorkerLost(e.Message);
        }
    }

    /// <summary>The handler's failure as the worker's output carried it, or null for another failure of the stream.</summary>
    private static AttemptEnd.HandlerFailed? HandlerFailure(string message)
    {
        var at = message.IndexOf(WorkerRequest.FailurePrefix, StringComparison.Ordinal);
        if (at < 0)
            return null;
        var rest = message[(at + WorkerRequest.FailurePrefix.Length)..];
        var colon = rest.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && Enum.TryParse<RequestPhase>(rest[..colon], out var phase)
            ? new AttemptEnd.HandlerFailed(phase, rest[(colon + 2)..])
            : new AttemptEnd.HandlerFailed(RequestPhase.Handle, rest);
    }

    /// <summary>Client → worker: replays what a retry needs, then reads the socket as the input has room. Returns true when
    /// the client went (a reset), false when the input ended (end of file, the worker stopped taking it, the attempt ended).</summary>
    private async Task<bool> PumpInputAsync(ISourceQueueWithComplete<ByteString> input, CancellationToken ending)
    {
        try
        {
            foreach (var chunk in _replay)
            {
                if (await input.OfferAsync(chunk, ending).ConfigureAwait(false) is not QueueOfferResult.Enqueued)
                    return false;
            }
            if (_inputEnded)
            {
                input.Complete();
                return false;
            }
            while (true)
            {
                // Wait for data before taking a buffer: an idle connection holds none.
                await _channel.WaitForDataAsync(ending).ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
                ByteString chunk;
                try
                {
                    var read = await _channel.ReceiveAsync(buffer.AsMemory(0, ReadSize), ending).ConfigureAwait(false);
                    if (read == 0)
                    {
                        _inputEnded = true;
                        input.Complete();
                        return false;
                    }
                    chunk = ByteString.CopyFrom(buffer, 0, read);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                Remember(chunk);
                if (await input.OfferAsync(chunk, ending).ConfigureAwait(false) is not QueueOfferResult.Enqueued)
                    return false;
            }
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            return !ending.IsCancellationRequested;
        }
        catch (Exception) when (ending.IsCancellationRequested)
        {
            // The queue failed as the attempt ended.
            return false;
        }
    }

    /// <summary>Keeps <paramref name="chunk"/> for a retry while the request may still be retried and it fits the buffer.</summary>
    private void Remember(ByteString chunk)
    {
        if (!_keepReplay)
            return;
        if (_replayBytes + chunk.Count > settings.Cluster.RetryBuffer)
        {
            _keepReplay = false;
            _replay.Clear();
            return;
        }
        _replay.Add(chunk);
        _replayBytes += chunk.Count;
    }

    /// <summary>Worker → client: writes each chunk of the output to the socket; completes with the output, fails with it.</summary>
    private async Task PumpOutputAsync(ISinkQueue<ByteString> output, CancellationToken ending)
    {
        while (true)
        {
            var next = await output.PullAsync().WaitAsync(ending).ConfigureAwait(false);
            if (!next.HasValue)
                return;
            _producedOutput = true;
            _keepReplay = false;
            try
            {
                await SendAsync(next.Value, ending).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
            {
                throw new ClientGoneException(e);
            }
        }
    }

    private async Task SendAsync(ByteString bytes, CancellationToken ending)
    {
        ReadOnlyMemory<byte> data = ByteStrings.TryGetSegment(bytes, out var segment) ? segment : bytes.ToArray();
        while (!data.IsEmpty)
            data = data[await _channel.SendAsync(data, ending).ConfigureAwait(false)..];
    }

    /// <summary>The request on one worker: the input it reads and the output it writes.</summary>
    private sealed record Attempt(ISourceQueueWithComplete<ByteString> Input, ISourceRef<ByteString> Output, Address Worker);

    private abstract record AttemptEnd
    {
        public sealed record Done : AttemptEnd
        {
            public static readonly Done Instance = new();
        }

        public sealed record ClientGone : AttemptEnd
        {
            public static readonly ClientGone Instance = new();
        }

        public sealed record Cancelled : AttemptEnd
        {
            public static readonly Cancelled Instance = new();
        }

        public sealed record HandlerFailed(RequestPhase Phase, string Message) : AttemptEnd;

        public sealed record WorkerLost(string Reason) : AttemptEnd;
    }

    private sealed class ClientGoneException(Exception cause) : Exception("the client went", cause);
}
