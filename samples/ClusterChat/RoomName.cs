using System.Text.RegularExpressions;

namespace ActorServer.Samples.ClusterChat;

/// <summary>What a room may be called: its name is a sharding entity id, so it goes into an actor path and the
/// coordinator's state, and is kept short and plain.</summary>
public static partial class RoomName
{
    /// <summary>The rule, as the client is told it.</summary>
    public const string Rule = "a room's name is 1 to 32 letters, digits, '-' or '_'";

    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex Pattern();
}
