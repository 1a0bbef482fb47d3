namespace ActorServer.Cluster.Tests.Chat;

/// <summary>One member of a room connected to each node of a cluster, and which node hosts the room: the start of the
/// specs where that node goes.</summary>
public sealed class RoomOnEveryNode : IDisposable
{
    private readonly List<ChatClient> _members;

    private RoomOnEveryNode(List<ChatClient> members, ChatNode host, int hostIndex) => (_members, Host, HostIndex) = (members, host, hostIndex);

    /// <summary>The node whose shard region hosts the room.</summary>
    public ChatNode Host { get; }

    /// <summary>The index of <see cref="Host"/> among the cluster's nodes, and of its member among <see cref="Members"/>.</summary>
    public int HostIndex { get; }

    public IReadOnlyList<ChatClient> Members => _members;

    /// <summary>The member connected to <see cref="Host"/>.</summary>
    public ChatClient OnHost => _members[HostIndex];

    /// <summary>The members connected to the other nodes (for a cluster of three).</summary>
    public (ChatClient A, ChatClient B) Elsewhere => (_members[(HostIndex + 1) % 3], _members[(HostIndex + 2) % 3]);

    /// <summary>Joins <paramref name="nicks"/>[i] to <paramref name="room"/> on node i, each hearing the later ones join.</summary>
    public static async Task<RoomOnEveryNode> JoinAsync(ChatCluster cluster, string room, params string[] nicks)
    {
        var members = new List<ChatClient>();
        try
        {
            for (var i = 0; i < nicks.Length; i++)
                members.Add(await ChatClient.JoinAsync(cluster.Nodes[i].Chat, nicks[i], room, here: string.Join(", ", nicks[..(i + 1)].Order())));
            for (var i = 0; i < nicks.Length; i++)
                foreach (var later in nicks[(i + 1)..])
                    await members[i].ExpectLineAsync($"* {later} joined");
            var host = await cluster.HostOfAsync(room) ?? throw new InvalidOperationException($"no node hosts {room}");
            return new RoomOnEveryNode(members, host, cluster.Nodes.ToList().IndexOf(host));
        }
        catch
        {
            members.ForEach(m => m.Dispose());
            throw;
        }
    }

    public void Dispose() => _members.ForEach(m => m.Dispose());
}
