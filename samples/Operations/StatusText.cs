using System.Text;

namespace ActorServer.Samples.Operations;

/// <summary>A <see cref="ServerStatus"/> as the admin endpoint prints it: one fact per line, then a line holding a dot.</summary>
public static class StatusText
{
    public static string Of(ServerStatus status)
    {
        var text = new StringBuilder();
        Line(text, $"server {status.Name} {status.State.ToString().ToLowerInvariant()} on {status.Address}");
        Line(text, $"max-connections {status.MaxConnections} (capacity {status.Capacity}), live {status.Live}, queued {status.Queued}");
        Line(text, $"accepted {status.Accepted}, refused {status.Refused}, failed {status.Failed}, timed out {status.TimedOut}");
        Line(text, $"bytes received {status.BytesReceived}, sent {status.BytesSent}");
        foreach (var connection in status.Connections)
            Line(text, $"connection {connection.Client} age {connection.Age.TotalSeconds:0.0}s received {connection.BytesReceived} sent {connection.BytesSent}");
        return text.Append('.').ToString();
    }

    private static void Line(StringBuilder text, FormattableString line) => text.Append(FormattableString.Invariant(line)).Append('\n');
}
