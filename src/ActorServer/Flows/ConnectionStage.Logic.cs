using System.Buffers;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;

namespace ActorServer.Flows;

internal sealed partial class ConnectionStage
{
    /// <summary>
    /// The stage's state, touched only on the stream's turn: a socket completion comes back through an async callback.
    /// At most one receive and one send are in flight; a receive or send that completes at once is handled at once.
    /// </summary>
    private sealed partial class Logic : GraphStageLogic
    {
        private readonly ConnectionStage _stage;
        private readonly ConnectionAttribute _connection;
        private readonly TaskCompletionSource _done;
        private readonly Queue<ByteString> _pending = new();
        private readonly Action<object> _onReceivedAsync;
        private readonly Action _onReadyOffTurn;
        private readonly Action<Task> _onSentAsync;
        private readonly Action<Exception> _onAbortedAsync;
        private CancellationTokenRegistration _aborting;
        private ValueTask _ready;
        private readonly Action _onReceivedOffTurn;

        // A receive waiting for the socket and the buffer it reads into, between the stream's turn and the completion.
        private ValueTask<int> _receiving;
        private byte[]? _receiveBuffer;

        // Written by a read's completion before it comes back through the async callback, read on the next pull.
        private bool _lastReadFilled;
        private int _pendingBytes;
        private bool _sending;
        private bool _outputEnded;
        private bool _inputEnded;
        private bool _sendingCompleted;

        // Read by socket completions off the stream's turn: a completion after the stage stopped has no one to tell.
        private volatile bool _stopped;

        public Logic(ConnectionStage stage, ConnectionAttribute connection, TaskCompletionSource done) : base(stage.Shape)
        {
            _stage = stage;
            _connection = connection;
            _done = done;
            _onReceivedAsync = GetAsyncCallback<object>(OnReceived);
            _onReadyOffTurn = () => ReadReady(onTurn: false);
            _onReceivedOffTurn = ReceivedOffTurn;
            _onSentAsync = GetAsyncCallback<Task>(OnSent);
            _onAbortedAsync = GetAsyncCallback<Exception>(Fail);
            SetHandler(stage.ToClient, onPush: OnPush, onUpstreamFinish: OnOutputEnded, onUpstreamFailure: Fail);
            SetHandler(stage.FromClient, onPull: Receive, onDownstreamFinish: OnInputCancelled);
        }

        private ConnectionOptions Options => _connection.Options;

        public override void PreStart()
        {
            // The request's cancellation (a drain past its timeout, a request timeout) aborts the stream from here, as a
            // kill switch would, without one more stage that every element and every materialization goes through:
            // the flow's input fails, its output is cancelled.
            _aborting = _connection.RequestAborted.UnsafeRegister(static state => ((Logic)state!).Aborted(), this);
            Pull(_stage.ToClient);
        }

        private void Aborted()
        {
            if (!_stopped)
                _onAbortedAsync(new OperationCanceledException("the request was cancelled", _connection.RequestAborted));
        }

        public override void PostStop()
        {
            _stopped = true;
            _aborting.Unregister();
            // Stopped from outside (its connection actor stopped, the materializer shut down): the handler must hear of it.
            _done.TrySetException(new AbruptStageTerminationException(this));
        }

        private void OnInputCancelled(Exception cause)
        {
            _inputEnded = true;
            FinishIfDone();
        }

        // Writing: elements are pulled while a send is in flight and sent together by the next one, up to a bound.

        private void OnPush()
        {
            var bytes = Grab(_stage.ToClient);
            if (!bytes.IsEmpty)
            {
                _pending.Enqueue(bytes);
                _pendingBytes += bytes.Count;
            }
            if (!_sending)
                SendPending();
            PullIfRoom();
        }

        private void PullIfRoom()
        {
            if (_pendingBytes < Options.WriteBatchBytes && !_outputEnded && !HasBeenPulled(_stage.ToClient) && !IsClosed(_stage.ToClient))
                Pull(_stage.ToClient);
        }

        private void SendPending()
        {
            while (_pending.Count > 0)
            {
                var sent = SendBatch();
                if (!sent.IsCompleted)
                {
                    _sending = true;
                    sent.ContinueWith(static (task, state) => ((Logic)state!).Delivered(task), this, TaskContinuationOptions.ExecuteSynchronously);
                    return;
                }
                if (sent.Exception is { } failed)
                {
                    Fail(failed.InnerException ?? failed);
                    return;
                }
            }
            FinishIfDone();
        }

        private void Delivered(Task sent)
        {
            if (!_stopped)
                SocketCompletionExecutor.RunInline(_onSentAsync, sent);
        }

        private void OnSent(Task sent)
        {
            _sending = false;
            if (sent.Exception is { } failed)
            {
                Fail(failed.InnerException ?? failed);
                return;
            }
            SendPending();
            PullIfRoom();
        }

        /// <summary>Takes what waits, up to the batch bound (at least one element, however large), as one send: a lone
        /// element (the usual case while sends complete at once) or a large one is sent from its own bytes, without a
        /// copy; several small ones are gathered into one pooled buffer, one system call for many small writes.</summary>
        private Task SendBatch()
        {
            var first = _pending.Peek();
            if ((_pending.Count == 1 || first.Count >= Options.WriteBatchBytes / 2) && ByteStrings.TryGetSegment(first, out var segment))
            {
                _pending.Dequeue();
                _pendingBytes -= first.Count;
                return SendAsync(null, segment);
            }
            var size = 0;
            var count = 0;
            foreach (var bytes in _pending)
            {
                if (count > 0 && size + bytes.Count > Options.WriteBatchBytes)
                    break;
                size += bytes.Count;
                count++;
            }
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            var filled = 0;
            for (var i = 0; i < count; i++)
            {
                var bytes = _pending.Dequeue();
                _pendingBytes -= bytes.Count;
                bytes.ToReadOnlySpan().CopyTo(buffer.AsSpan(filled));
                filled += bytes.Count;
            }
            return SendAsync(buffer, buffer.AsMemory(0, size));
        }

        /// <summary>Sends all of <paramref name="data"/>, then gives back <paramref name="rented"/> if it is a pooled buffer
        /// (whether the stage still runs or not).</summary>
        private async Task SendAsync(byte[]? rented, ReadOnlyMemory<byte> data)
        {
            try
            {
                while (!data.IsEmpty)
                    data = data[await _connection.Channel.SendAsync(data, _connection.RequestAborted).ConfigureAwait(false)..];
            }
            finally
            {
                if (rented is not null)
                    ArrayPool<byte>.Shared.Return(rented);
            }
        }

        // Ending.

        private void OnOutputEnded()
        {
            _outputEnded = true;
            FinishIfDone();
        }

        /// <summary>Done once the flow's output has ended and its last bytes are sent, and, under half-close, the client has
        /// ended its side too; until then, a half-close ends ours.</summary>
        private void FinishIfDone()
        {
            if (!_outputEnded || _sending || _pending.Count > 0)
                return;
            if (Options.HalfClose && !_inputEnded)
            {
                if (!_sendingCompleted)
                {
                    _sendingCompleted = true;
                    _connection.Channel.CompleteSending();
                }
                return;
            }
            _done.TrySetResult();
            CompleteStage();
        }

        private void Fail(Exception cause)
        {
            _done.TrySetException(cause);
            FailStage(cause);
        }
    }
}
