using ActorServer.Samples.ClusterChat;
using Akka.Actor;

namespace ActorServer.Cluster.Tests.Chat;

/// <summary>The room's side of a move, driven with probes as its members: what it sends when it moves, and what it
/// does with the first messages of its next incarnation.</summary>
public sealed class ChatRoomSpec : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public async Task A_room_that_moves_must_send_each_member_the_list_and_stop()
    {
        var room = Sys.ActorOf(Props.Create<ChatRoom>());
        var (ann, ben) = (CreateTestProbe(), CreateTestProbe());
        room.Tell(new ChatRoom.Join("r", "ann", ann.Ref), ann.Ref);
        room.Tell(new ChatRoom.Join("r", "ben", ben.Ref), ben.Ref);
        await ben.ExpectMsgAsync<ChatRoom.Line>();   // welcome
        await ben.ExpectMsgAsync<ChatRoom.Joined>();
        Watch(room);

        room.Tell(ChatRoom.HandOff.Instance);

        foreach (var member in new[] { ann, ben })
        {
            var moved = await member.FishForMessageAsync<ChatRoom.Moved>(m => m is ChatRoom.Moved);
            Assert.Equal(["ann", "ben"], moved.Members.Select(m => m.Nick).Order());
            Assert.Equal(ann.Ref, moved.Members.Single(m => m.Nick == "ann").Member);
        }
        await ExpectTerminatedAsync(room);
    }

    [Fact]
    public async Task A_line_that_reaches_the_room_before_its_speakers_join_must_wait_for_it_and_reach_the_whole_list()
    {
        var room = Sys.ActorOf(Props.Create<ChatRoom>());   // the room started again on another node, empty
        var (ann, ben, cat) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        ChatRoom.MemberRef[] list = [new("ann", ann.Ref, Said: 4), new("ben", ben.Ref), new("cat", cat.Ref)];

        room.Tell(new ChatRoom.Say("r", "ann", "said while moving", 5), TestActor);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));   // not passed on to an empty room: it waits

        room.Tell(new ChatRoom.Join("r", "ann", ann.Ref, list), ann.Ref);

        await ann.ExpectMsgAsync<ChatRoom.Joined>();
        Assert.Equal("ann: said while moving", (await ben.ExpectMsgAsync<ChatRoom.Line>()).Text);
        Assert.Equal("ann: said while moving", (await cat.ExpectMsgAsync<ChatRoom.Line>()).Text);
        Assert.Equal(5, (await ExpectMsgAsync<ChatRoom.Heard>()).Seq);
        room.Tell(new ChatRoom.Join("r", "ben", ben.Ref, list), ben.Ref);
        await ben.ExpectMsgAsync<ChatRoom.Joined>();   // already back through ann's list: neither announced nor welcomed
        await ann.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_line_sent_again_after_a_move_must_be_answered_but_not_passed_on_twice()
    {
        var room = Sys.ActorOf(Props.Create<ChatRoom>());
        var (ann, ben) = (CreateTestProbe(), CreateTestProbe());
        ChatRoom.MemberRef[] list = [new("ann", ann.Ref, Said: 4), new("ben", ben.Ref)];   // the old room passed on ann's 4th
        room.Tell(new ChatRoom.Join("r", "ann", ann.Ref, list, Said: 3), ann.Ref);
        await ann.ExpectMsgAsync<ChatRoom.Joined>();

        room.Tell(new ChatRoom.Say("r", "ann", "fourth, its answer lost in the move", 4), ann.Ref);
        room.Tell(new ChatRoom.Say("r", "ann", "fifth", 5), ann.Ref);

        Assert.Equal(4, (await ann.ExpectMsgAsync<ChatRoom.Heard>()).Seq);
        Assert.Equal(5, (await ann.ExpectMsgAsync<ChatRoom.Heard>()).Seq);
        Assert.Equal("ann: fifth", (await ben.ExpectMsgAsync<ChatRoom.Line>()).Text);   // the first line ben gets
    }
}
