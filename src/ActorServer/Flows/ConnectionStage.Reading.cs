using System.Buffers;
using Akka.IO;

namespace ActorServer.Flows;

internal sealed partial class ConnectionStage
{
    private sealed partial class Logic
    {
        // Reading: one receive per pull, so a flow that stops pulling stops the reads and the client's window closes.
        // Allocation-free but for the bytes themselves: the channel's own awaitables with one cached continuation, no
        // async state machine, no continuation task per read.

        private void Receive()
        {
            if (_lastReadFilled)
            {
                // The last read filled the buffer: more is most likely waiting, and waiting for it first costs a system call.
                _ready = default;
                ReadReady(onTurn: true);
                return;
            }
            try
            {
                _ready = _connection.Channel.WaitForDataAsync(_connection.RequestAborted);
            }
            catch (Exception e)
            {
                OnReceived(e);
                return;
            }
            if (_ready.IsCompleted)
                ReadReady(onTurn: true);
            else
                _ready.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReadyOffTurn);
        }

        /// <summary>Data (or the end) is there, or likely there after a full read: takes a pooled buffer only now (an idle
        /// connection holds none) and reads into it. What came is handed on as <see cref="Taken"/> says: in the pooled
        /// buffer itself, or copied out of it.</summary>
        /// <param name="onTurn">True on the stream's turn; false on the socket's completion, which must come back through the async callback.</param>
        private void ReadReady(bool onTurn)
        {
            object result;
            byte[]? buffer = null;
            try
            {
                _ready.GetAwaiter().GetResult();
                buffer = ArrayPool<byte>.Shared.Rent(Options.ReadBufferSize);
                var receiving = _connection.Channel.ReceiveAsync(buffer.AsMemory(0, Options.ReadBufferSize), _connection.RequestAborted);
                if (!receiving.IsCompleted)
                {
                    // Most often the read after a full one, issued without a wait first (a streaming client): it waits
                    // for the socket with the buffer, and comes back through the one cached continuation.
                    _receiving = receiving;
                    _receiveBuffer = buffer;
                    buffer = null;
                    receiving.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReceivedOffTurn);
                    return;
                }
                result = Taken(ref buffer, receiving.Result);
            }
            catch (Exception e)
            {
                result = e;
            }
            finally
            {
                if (buffer is not null)
                    ArrayPool<byte>.Shared.Return(buffer);
            }
            Deliver(result, onTurn);
        }

        /// <summary>A receive that had to wait has completed, off the stream's turn.</summary>
        private void ReceivedOffTurn()
        {
            object result;
            var receiving = _receiving;
            var rented = _receiveBuffer;
            _receiving = default;
            _receiveBuffer = null;
            try
            {
                result = Taken(ref rented, receiving.GetAwaiter().GetResult());
            }
            catch (Exception e)
            {
                result = e;
            }
            finally
            {
                if (rented is not null)
                    ArrayPool<byte>.Shared.Return(rented);
            }
            Deliver(result, onTurn: false);
        }

        /// <summary>The <paramref name="count"/> bytes read into <paramref name="buffer"/> as an element the flow owns. A read
        /// of at least three quarters of the buffer keeps the pooled buffer itself, wrapped without a copy, and never goes
        /// back to the pool (which then makes a new one, unzeroed): a streaming connection neither copies nor clears its
        /// bytes, and an element holds at most a third more than its bytes (at half, pipelined small messages allocated
        /// twice what they copied). A shorter read is copied into an array of its size.
        /// <paramref name="buffer"/> comes back null when the element kept it; otherwise the caller gives it back.</summary>
        private ByteString Taken(ref byte[]? buffer, int count)
        {
            _lastReadFilled = count == Options.ReadBufferSize;
            if (count == 0)
                return ByteString.Empty;
            if (count < Options.ReadBufferSize / 4 * 3)
                return ByteString.FromBytes(buffer!.AsSpan(0, count).ToArray());
            var owned = ByteString.FromBytes(buffer!, 0, count);
            buffer = null;
            return owned;
        }

        /// <summary>The place where every received byte count is known: a <see cref="ByteString"/>, empty at the client's end, or the failure.</summary>
        private void Deliver(object result, bool onTurn)
        {
            if (onTurn)
                OnReceived(result);
            else if (!_stopped)
                SocketCompletionExecutor.RunInline(_onReceivedAsync, result);
        }

        private void OnReceived(object result)
        {
            if (IsClosed(_stage.FromClient))
                return; // The flow cancelled its input while this receive was in flight.
            if (result is OperationCanceledException)
            {
                Fail(new OperationCanceledException("the connection's receive was cancelled", _connection.RequestAborted));
                return;
            }
            if (result is Exception failed)
            {
                Fail(failed);
                return;
            }
            var bytes = (ByteString)result;
            if (!bytes.IsEmpty)
            {
                Push(_stage.FromClient, bytes);
                return;
            }
            // The client's FIN: the flow's input completes; its output may go on.
            Complete(_stage.FromClient);
            _inputEnded = true;
            FinishIfDone();
        }
    }
}
