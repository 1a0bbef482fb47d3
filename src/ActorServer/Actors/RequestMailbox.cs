using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorServer.Actors;

/// <summary>
/// The mailbox of a request's actor (<c>actor-server.request-mailbox</c>): a locked <see cref="Queue{T}"/> instead of
/// Akka's default <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/>. A request's actor gets a handful of
/// messages in its life (the outcome, a timeout) from a thread or two, but it lives as long as its
/// connection: the default queue's first segment (32 slots, about 0.9 KiB) was a tenth of what an idle connection
/// costs, where this one holds four slots once a message has come.
/// </summary>
/// <remarks>Not <c>IProducesMessageQueue</c>: that only lets Akka check a queue an actor requires, and a request actor
/// requires none; declaring it made Akka reflect over the actor's interfaces at each request actor's start.</remarks>
internal sealed class RequestMailbox : MailboxType
{
    /// <summary>The configuration path that names this mailbox; the request supervisor uses it when it is defined.</summary>
    public const string ConfigPath = "actor-server.request-mailbox";

    /// <summary>Called by Akka with the mailbox's configuration.</summary>
    public RequestMailbox(Settings settings, Config config) : base(settings, config)
    {
    }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new RequestMessageQueue();
}

/// <summary>An unbounded queue for few messages, locked on every use (uncontended: one consumer, few producers).</summary>
internal sealed class RequestMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private readonly Queue<Envelope> _queue = new();

    public bool HasMessages => Count > 0;

    public int Count
    {
        get
        {
            lock (_queue)
                return _queue.Count;
        }
    }

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_queue)
            _queue.Enqueue(envelope);
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (_queue)
            return _queue.TryDequeue(out envelope);
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
            deadletters.Enqueue(owner, envelope);
    }
}
