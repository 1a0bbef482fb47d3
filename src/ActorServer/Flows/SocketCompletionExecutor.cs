namespace ActorServer.Flows;

/// <summary>
/// The executor of <c>actor-server.flow-dispatcher</c>, which runs flow handlers' streams: the .NET thread pool, as
/// Akka's default dispatcher, except that an actor woken by a connection's socket completion runs at once on the
/// completion's own thread instead of as a thread-pool item of its own.
/// </summary>
/// <remarks>
/// <para>A connection stage hears of a socket completion off the stream's turn and must hand it to the stream's actor
/// through an async callback, a message. On the pool, every such message costs a work item and a thread's wake-up: for a
/// request/response connection, one per message, which a plain handler (whose awaits continue on the completion's
/// thread) does not pay. Inside <see cref="Actors.InlineExecutor{TSelf}.RunInline{TState}"/> (only the connection stage's completions call it) the actor's
/// mailbox runs right there, as a plain handler's continuation would; anywhere else, and for any actor woken while one
/// already runs inline, the item goes to the pool.</para>
/// <para>The mailbox still runs one actor on one thread at a time: Akka schedules a mailbox only when it is idle, so an
/// inline run never overlaps a pooled one.</para>
/// </remarks>
internal sealed class SocketCompletionExecutor(string id) : Actors.InlineExecutor<SocketCompletionExecutor>(id, preferLocal: false);
