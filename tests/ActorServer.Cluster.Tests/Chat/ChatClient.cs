using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorServer.Cluster.Tests.Chat;

/// <summary>A chat client over loopback that reads line by line, every wait bounded.</summary>
public sealed class ChatClient : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;

    private ChatClient(Socket socket)
    {
        _socket = socket;
        var stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(stream, Encoding.UTF8);
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
    }

    public string Nick { get; private init; } = "";

    /// <summary>Connects to <paramref name="server"/>, answers the prompts, and expects the room's welcome.</summary>
    public static async Task<ChatClient> JoinAsync(EndPoint server, string nick, string room, string here)
    {
        var client = await AnswerPromptsAsync(server, nick, room);
        await client.ExpectLineAsync($"* welcome {nick}; here: {here}");
        return client;
    }

    /// <summary>Connects to <paramref name="server"/> and answers the prompts, leaving the server's answer unread.</summary>
    public static async Task<ChatClient> AnswerPromptsAsync(EndPoint server, string nick, string room)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using (var timeout = new CancellationTokenSource(Patience))
            await socket.ConnectAsync(server, timeout.Token);
        var client = new ChatClient(socket) { Nick = nick };
        await client.ExpectLineAsync("nickname?");
        await client.SendLineAsync(nick);
        await client.ExpectLineAsync("room?");
        await client.SendLineAsync(room);
        return client;
    }

    public async Task SendLineAsync(string line)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _writer.WriteLineAsync(line.AsMemory(), timeout.Token);
    }

    /// <summary>The next line, or null once the server closed.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await _reader.ReadLineAsync(timeout.Token);
    }

    public async Task ExpectLineAsync(string expected) => Assert.Equal(expected, await ReadLineAsync());

    /// <summary>Reads until the server closes or resets the connection (a request a drain cancelled is aborted),
    /// failing after the patience bound; returns the lines read.</summary>
    public async Task<IReadOnlyList<string>> ReadToCloseAsync()
    {
        var lines = new List<string>();
        try
        {
            while (await ReadLineAsync() is { } line)
                lines.Add(line);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
        }
        return lines;
    }

    public void Dispose() => _reader.Dispose();
}
