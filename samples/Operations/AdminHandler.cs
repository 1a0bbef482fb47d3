using System.Globalization;

namespace ActorServer.Samples.Operations;

/// <summary>
/// The admin endpoint's protocol, one command per line, one reply per command: <c>status</c> (the snapshot, lines
/// ended by a line holding a dot), <c>suspend</c>, <c>resume</c>, <c>limit N</c>. A command that cannot be done is
/// answered <c>error: WHY</c>, and the session goes on.
/// </summary>
public sealed class AdminHandler(SocketServer served) : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            string reply;
            try
            {
                reply = await RunAsync(line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries), cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or ServerBindException)
            {
                reply = "error: " + e.Message;
            }
            await WriteAsync(reply + "\n", cancellationToken);
            await FlushAsync(cancellationToken);
        }
    }

    private async Task<string> RunAsync(string[] command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case ["status"]:
                return StatusText.Of(await served.GetStatusAsync(cancellationToken));
            case ["suspend"]:
                await served.SuspendAsync(cancellationToken);
                return "suspended";
            case ["resume"]:
                await served.ResumeAsync(cancellationToken);
                return "resumed";
            case ["limit", var text] when int.TryParse(text, CultureInfo.InvariantCulture, out var limit):
                await served.SetMaxConnectionsAsync(limit, cancellationToken);
                return $"max-connections {limit}";
            default:
                return $"error: unknown command \"{string.Join(' ', command)}\"; try status, suspend, resume or limit N";
        }
    }
}
