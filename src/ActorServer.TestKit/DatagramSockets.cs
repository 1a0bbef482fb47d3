using System.Net;
using System.Net.Sockets;

namespace ActorServer.Testing;

/// <summary>
/// The two real sockets of a datagram test: the server's, which the handler gets as its <see cref="DatagramRequest.Socket"/>
/// and replies from, and the client's, which the test sends from and reads replies on. Unix sockets live in a temporary
/// folder of their own, removed on dispose.
/// </summary>
internal sealed class DatagramSockets : IDisposable
{
    private readonly string? _folder;

    private DatagramSockets(Socket server, Socket client, EndPoint anyClient, string? folder)
    {
        Server = server;
        Client = client;
        AnyClient = anyClient;
        _folder = folder;
    }

    public Socket Server { get; }

    public Socket Client { get; }

    public EndPoint ServerAddress => Server.LocalEndPoint!;

    /// <summary>An address of the server's family for receiving: the receive fills in the real sender.</summary>
    public EndPoint AnyClient { get; }

    public static DatagramSockets Open(DatagramClientKind kind) => kind == DatagramClientKind.Udp ? OpenUdp() : OpenUnix(bindClient: kind == DatagramClientKind.UnixBound);

    private static DatagramSockets OpenUdp()
    {
        var server = BoundUdp();
        try
        {
            return new DatagramSockets(server, BoundUdp(), new IPEndPoint(IPAddress.Any, 0), folder: null);
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private static Socket BoundUdp()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>A short folder name: a socket path has at most 107 bytes on Linux.</summary>
    private static DatagramSockets OpenUnix(bool bindClient)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"as-kit-{Guid.NewGuid():N}"[..15])).FullName;
        var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        var client = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            var serverAddress = new UnixDomainSocketEndPoint(Path.Combine(folder, "server.sock"));
            server.Bind(serverAddress);
            if (bindClient)
                client.Bind(new UnixDomainSocketEndPoint(Path.Combine(folder, "client.sock")));
            return new DatagramSockets(server, client, serverAddress, folder);
        }
        catch
        {
            server.Dispose();
            client.Dispose();
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
        if (_folder is not null && Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
