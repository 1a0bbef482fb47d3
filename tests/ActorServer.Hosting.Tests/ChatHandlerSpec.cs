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

        var who = await room.Ask<ChatRoom.Joined>(ChatRoom.Who.Instance, RemainingOrDefault);
        Assert.Empty(who.Members);
    }

    /// <summary>What Akka.Hosting's container would inject: the room actor, already registered.</summary>
    private sealed class Required(IActorRef room) : IRequiredActor<ChatRoom>
    {
        public IActorRef ActorRef => room;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(room);
    }
}
