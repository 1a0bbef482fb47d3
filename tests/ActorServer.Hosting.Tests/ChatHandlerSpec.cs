using ActorServer.Samples.Chat;
using ActorServer.Testing;
using Akka.Actor;
using Akka.Hosting;
using Xunit.Abstractions;

namespace ActorServer.Hosting.Tests;

/// <summary>The Chat sample's handler, tested with the handler TestKit against a real ChatRoom actor and no sockets.</summary>
public sealed class ChatHandlerSpec(ITestOutputHelper output) : HandlerTestKit(output: output)
{
    private HandlerClient Join(IActorRef room) => Connect(() => new ChatHandler(new Required(room)));

    /// <summary>Connects, answers the nickname prompt, and expects the room's welcome.</summary>
    private async Task<HandlerClient> JoinAs(IActorRef room, string nick, string here)
    {
        var client = Join(room);
        await client.ExpectLineAsync("nickname?");
        await client.SendLineAsync(nick);
        await client.ExpectLineAsync($"* welcome {nick}; here: {here}");
        return client;
    }

    [Fact]
    public async Task Chatters_must_hear_each_other_through_the_room_actor()
    {
        var room = Sys.ActorOf(Props.Create<ChatRoom>());
        await using var alice = await JoinAs(room, "alice", here: "alice");
        await using var bob = await JoinAs(room, "bob", here: "alice, bob");
        await alice.ExpectLineAsync("* bob joined");

        await alice.SendLineAsync("hi bob");
        await bob.ExpectLineAsync("alice: hi bob");
        await bob.SendLineAsync("/who");
        await bob.ExpectLineAsync("* here: alice, bob");

        bob.CompleteSending();
        await bob.ExpectClosedAsync();
        await alice.ExpectLineAsync("* bob left");
    }

    [Fact]
    public async Task A_taken_nickname_must_be_refused()
    {
        var room = Sys.ActorOf(Props.Create<ChatRoom>());
        await using var first = await JoinAs(room, "carol", here: "carol");

        await using var second = Join(room);
        await second.ExpectLineAsync("nickname?");
        await second.SendLineAsync("Carol");

        await second.ExpectLineAsync("! Carol is taken");
        await second.ExpectClosedAsync();
    }

    [Fact]
    public async Task A_member_that_resets_must_leave_the_room()
    {
        var room = Sys.ActorOf(Props.Create<ChatRoom>());
        await using var dave = await JoinAs(room, "dave", here: "dave");

        dave.Reset();
        Assert.True((await dave.Completion).IsClientFault);

        var here = await room.Ask<ChatRoom.Here>(ChatRoom.Who.Instance, RemainingOrDefault);
        Assert.Empty(here.Members);
    }

    [Fact]
    public async Task A_member_that_does_not_read_must_be_dropped_without_losing_lines_and_told_why()
    {
        var room = Sys.ActorOf(Props.Create<ChatRoom>());
        await using var erin = Connect(() => new ChatHandler(new Required(room)), new HandlerClientOptions { ReceiveWindow = 4096 });
        await erin.ExpectLineAsync("nickname?");
        await erin.SendLineAsync("erin");
        await erin.ExpectLineAsync("* welcome erin; here: erin");
        await using var frank = await JoinAs(room, "frank", here: "erin, frank");

        // Erin reads nothing more: her outbox fills once the window and the write buffer are full.
        var said = 0;
        while (said < 4 * Outbox.Capacity)
            await frank.SendLineAsync($"line {said++}");
        await frank.ExpectLineAsync("* erin left (too slow)");

        var lines = (await erin.ReadToEndAsync()).Split('\n')[..^1];
        Assert.Equal("* frank joined", lines[0]);
        Assert.Equal("! too slow, disconnected", lines[^1]);
        var heard = lines[1..^1];
        Assert.InRange(heard.Length, Outbox.Capacity, said - 1);
        Assert.Equal(Enumerable.Range(0, heard.Length).Select(i => $"frank: line {i}"), heard);   // none lost on the way
        await erin.ExpectCompletedAsync();
    }

    [Fact]
    public async Task A_speaker_must_wait_for_the_room_to_hear_each_line_before_reading_the_next()
    {
        var speaker = Join(TestActor);
        await speaker.ExpectLineAsync("nickname?");
        await speaker.SendLineAsync("gina");
        await ExpectMsgAsync<ChatRoom.Join>();
        LastSender.Tell(ChatRoom.Joined.Instance);

        await speaker.SendLineAsync("one");
        await speaker.SendLineAsync("two");

        Assert.Equal("one", (await ExpectMsgAsync<ChatRoom.Say>()).Text);
        var asker = LastSender;
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        asker.Tell(ChatRoom.Heard.Instance);
        Assert.Equal("two", (await ExpectMsgAsync<ChatRoom.Say>()).Text);
        LastSender.Tell(ChatRoom.Heard.Instance);
        speaker.CompleteSending();
        await ExpectMsgAsync<ChatRoom.Leave>();
        await speaker.ExpectCompletedAsync();
    }

    /// <summary>What Akka.Hosting's container would inject: the room actor, already registered.</summary>
    private sealed class Required(IActorRef room) : IRequiredActor<ChatRoom>
    {
        public IActorRef ActorRef => room;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(room);
    }
}
