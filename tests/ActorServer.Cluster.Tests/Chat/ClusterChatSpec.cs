using System.Diagnostics;
using ActorServer.Cluster.Tests.Support;
using ActorServer.Hosting.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Cluster.Tests.Chat;

/// <summary>The ClusterChat sample: listeners on every node, rooms as sharded entities.</summary>
public sealed class ClusterChatSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Members_connected_to_different_nodes_must_hear_each_other_in_one_room_which_passivates_once_empty()
    {
        await using var cluster = await ChatCluster.StartAsync(2);
        var (first, second) = (cluster.Nodes[0], cluster.Nodes[1]);

        using var alice = await ChatClient.JoinAsync(first.Chat, "alice", "lounge", here: "alice");
        using var bob = await ChatClient.JoinAsync(second.Chat, "bob", "lounge", here: "alice, bob");
        await alice.ExpectLineAsync("* bob joined");

        await alice.SendLineAsync("hi bob");
        await bob.ExpectLineAsync("alice: hi bob");
        await bob.SendLineAsync("hi alice");
        await alice.ExpectLineAsync("bob: hi alice");
        await bob.SendLineAsync("/who");
        await bob.ExpectLineAsync("* here: alice, bob");
        Assert.NotNull(await cluster.HostOfAsync("lounge"));   // one entity, on one of the two nodes

        bob.Dispose();
        await alice.ExpectLineAsync("* bob left");

        alice.Dispose();   // the room, empty, passivates; a join starts it again
        await Polling.UntilAsync(async () => await cluster.HostOfAsync("lounge") is null, ClusterNodes.Patience, () => "the empty room is still there");
        using var gil = await ChatClient.JoinAsync(second.Chat, "gil", "lounge", here: "gil");
    }

    [Fact]
    public async Task Rooms_must_keep_apart_and_each_must_refuse_a_nickname_it_has_from_any_node()
    {
        await using var cluster = await ChatCluster.StartAsync(2);

        using var carol = await ChatClient.JoinAsync(cluster.Nodes[0].Chat, "carol", "red", here: "carol");
        using var dave = await ChatClient.JoinAsync(cluster.Nodes[1].Chat, "dave", "blue", here: "dave");
        using var erin = await ChatClient.JoinAsync(cluster.Nodes[1].Chat, "erin", "red", here: "carol, erin");
        await carol.ExpectLineAsync("* erin joined");

        await carol.SendLineAsync("only red");
        await erin.ExpectLineAsync("carol: only red");
        await dave.SendLineAsync("/who");
        await dave.ExpectLineAsync("* here: dave");   // the next line dave gets: carol's never reached him

        using var other = await ChatClient.AnswerPromptsAsync(cluster.Nodes[0].Chat, "Erin", "red");
        await other.ExpectLineAsync("! Erin is taken");
        Assert.Empty(await other.ReadToCloseAsync());
        using var inBlue = await ChatClient.JoinAsync(cluster.Nodes[0].Chat, "erin", "blue", here: "dave, erin");   // another room's
    }

    [Fact]
    public async Task A_room_must_keep_its_members_and_every_line_when_the_node_hosting_it_leaves()
    {
        await using var cluster = await ChatCluster.StartAsync(3);
        using var room = await RoomOnEveryNode.JoinAsync(cluster, "moving", "ann", "ben", "cat");
        var (speaker, listener) = room.Elsewhere;
        var left = $"* {room.OnHost.Nick} left";

        // Coordinated shutdown: unbind, drain, hand the room off, leave. All the while, one line at a time, each heard
        // on another node before the next is said.
        var clock = Stopwatch.StartNew();
        var leaving = room.Host.Host.StopAsync();
        var (said, duringTheLeave, heardLeft, slowest) = (0, 0, false, TimeSpan.Zero);
        while (!leaving.IsCompleted || said < duringTheLeave + 3)
        {
            var sent = clock.Elapsed;
            await speaker.SendLineAsync($"line {said}");
            var heard = await listener.ReadLineAsync();
            if (heard == left)
                (heardLeft, heard) = (true, await listener.ReadLineAsync());
            Assert.Equal($"{speaker.Nick}: line {said}", heard);
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, (clock.Elapsed - sent).Ticks));
            said++;
            if (!leaving.IsCompleted)
                duringTheLeave = said;
        }
        await leaving;
        output.WriteLine($"the host's stop took {clock.ElapsedMilliseconds} ms; {duringTheLeave} lines said and heard meanwhile, " +
                         $"the slowest in {slowest.TotalMilliseconds:0} ms");
        Assert.True(duringTheLeave > 0 && heardLeft, $"{duringTheLeave} lines during the leave; {left} heard: {heardLeft}");

        // The member on the leaving node heard the lines until its node's server closed it in the drain.
        Assert.All(await room.OnHost.ReadToCloseAsync(), line => Assert.StartsWith($"{speaker.Nick}: line ", line));
        await speaker.ExpectLineAsync(left);
        await ClusterNodes.AwaitMembersUpAsync(cluster.Nodes.Where(n => n != room.Host).Select(n => n.System), 2);
        await listener.SendLineAsync("yes");
        await speaker.ExpectLineAsync($"{listener.Nick}: yes");
        await listener.SendLineAsync("/who");
        await listener.ExpectLineAsync($"* here: {string.Join(", ", new[] { speaker.Nick, listener.Nick }.Order())}");
        Assert.NotNull(await cluster.HostOfAsync("moving"));   // started again, on one of the two left
    }

    [Fact]
    public async Task A_room_whose_node_crashes_must_come_back_on_another_node_as_its_members_join_again()
    {
        await using var cluster = await ChatCluster.StartAsync(3);
        using var room = await RoomOnEveryNode.JoinAsync(cluster, "fragile", "dan", "eve", "fox");
        var (a, b) = room.Elsewhere;

        var crash = Stopwatch.StartNew();
        await ClusterNodes.CutOffAsync(room.Host.System, cluster.Nodes.Select(n => n.System));   // silent, as a dead machine

        // The two others down it (keep-majority); each member then sees its room terminate, and joins again alone.
        await a.ExpectLineAsync("* the room's node failed; lines said since may be lost");
        await b.ExpectLineAsync("* the room's node failed; lines said since may be lost");
        output.WriteLine($"the members saw the room go {crash.ElapsedMilliseconds} ms after the cut");
        var both = $"* here: {string.Join(", ", new[] { a.Nick, b.Nick }.Order())}";
        string? here;
        do
        {
            await b.SendLineAsync("/who");   // until a's join has reached the room again
            here = await b.ReadLineAsync();
        }
        while (here != both && here is not null && here.StartsWith("* here: ", StringComparison.Ordinal) && crash.Elapsed < ClusterNodes.Patience);
        Assert.Equal(both, here);

        await a.SendLineAsync("back?");
        await b.ExpectLineAsync($"{a.Nick}: back?");
        await b.SendLineAsync("back");
        await a.ExpectLineAsync($"{b.Nick}: back");
        output.WriteLine($"the two left heard each other again {crash.ElapsedMilliseconds} ms after the cut");
        Assert.NotNull(await cluster.HostOfAsync("fragile", except: room.Host));   // started again on a survivor
    }
}
