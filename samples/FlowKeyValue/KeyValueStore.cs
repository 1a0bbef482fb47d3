using Akka.Actor;

namespace ActorServer.Samples.FlowKeyValue;

/// <summary>The server's shared state: one actor owns the map, every connection's flow asks it.</summary>
public sealed class KeyValueStore : ReceiveActor
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public KeyValueStore()
    {
        Receive<Set>(set =>
        {
            _values[set.Key] = set.Value;
            Sender.Tell("OK");
        });
        Receive<Get>(get => Sender.Tell(_values.TryGetValue(get.Key, out var value) ? value : "(nil)"));
    }

    /// <summary>Stores <see cref="Value"/> under <see cref="Key"/>; answered "OK".</summary>
    public sealed record Set(string Key, string Value);

    /// <summary>Answered with the value under <see cref="Key"/>, or "(nil)".</summary>
    public sealed record Get(string Key);
}
