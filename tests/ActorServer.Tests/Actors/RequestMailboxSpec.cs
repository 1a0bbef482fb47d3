using System.Net.Sockets;
using ActorServer.Actors;
using ActorServer.Tests.Support;
using Akka.Actor;
using Akka.Dispatch.MessageQueues;
using Xunit.Abstractions;

namespace ActorServer.Tests.Actors;

/// <summary>The request actors' light mailbox: what it keeps, and that served requests get it.</summary>
public sealed class RequestMailboxSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Says "started", then holds its request until the test releases it.</summary>
    private sealed class HoldingHandler(IActorRef reporter, Task released) : BaseRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            reporter.Tell("started");
            await released.WaitAsync(cancellationToken);
        }
    }

    protected override void AfterAll()
    {
        _release.TrySetResult();
        base.AfterAll();
    }

    [Fact]
    public void A_request_message_queue_must_deliver_in_order_and_hand_what_is_left_to_dead_letters()
    {
        var queue = new RequestMessageQueue();
        var deadLetters = new RequestMessageQueue();
        Assert.False(queue.HasMessages);
        foreach (var n in new[] { 1, 2, 3 })
            queue.Enqueue(TestActor, new Envelope(n, TestActor));
        Assert.Equal(3, queue.Count);
        Assert.True(queue.TryDequeue(out var first));
        Assert.Equal(1, first.Message);

        queue.CleanUp(TestActor, deadLetters);

        Assert.False(queue.HasMessages);
        Assert.False(queue.TryDequeue(out _));
        Assert.True(deadLetters.TryDequeue(out var second));
        Assert.True(deadLetters.TryDequeue(out var third));
        Assert.Equal((2, 3), ((int)second.Message, (int)third.Message));
    }

    [Fact]
    public async Task A_served_connection_must_have_its_actor_on_the_request_mailbox()
    {
        await using var server = new TcpServer(AnyLoopbackPort, () => new HoldingHandler(TestActor, _release.Task), system: Sys);
        var serving = Serve(server);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(server.ServerAddress);
        await ExpectMsgAsync("started");

        var identity = await Sys.ActorSelection("/user/*/requests/*").Ask<ActorIdentity>(new Identify(1), Patience);

        var cell = Assert.IsAssignableFrom<ActorCell>(Assert.IsAssignableFrom<ActorRefWithCell>(identity.Subject!).Underlying);
        Assert.IsType<RequestMessageQueue>(cell.Mailbox!.MessageQueue);
        _release.TrySetResult();
        await server.ShutdownAsync();
        await serving.WaitAsync(Patience);
    }
}
