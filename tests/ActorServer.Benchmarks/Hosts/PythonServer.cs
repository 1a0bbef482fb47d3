using System.Diagnostics;
using ActorServer.Benchmarks.Scenarios;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>
/// Python's <c>socketserver</c> with the seed's handlers, run by <c>python3</c> when it is on the PATH:
/// <c>ThreadingTCPServer</c> for the stream workloads, <c>ForkingTCPServer</c> for forking, <c>UDPServer</c> for datagrams.
/// It speaks the same control protocol on stdin as the .NET servers.
/// </summary>
internal static class PythonServer
{
    private const string Script = """
        import gc, os, socket, socketserver, sys, threading

        mode, port, backlog, bufsize = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
        controlled = len(sys.argv) > 5 and sys.argv[5] == "controlled"

        class MyTCPHandler(socketserver.StreamRequestHandler):
            # The seed's handler, as in the socketserver documentation.
            def handle(self):
                self.data = self.rfile.readline().strip()
                self.wfile.write(self.data.upper())

        class EchoHandler(socketserver.BaseRequestHandler):
            def setup(self):
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            def handle(self):
                recv, sendall = self.request.recv, self.request.sendall
                while True:
                    data = recv(bufsize)
                    if not data:
                        break
                    sendall(data)

        class UdpEchoHandler(socketserver.BaseRequestHandler):
            def handle(self):
                data, sock = self.request
                sock.sendto(data, self.client_address)

        class Threading(socketserver.ThreadingTCPServer):
            daemon_threads = True
            block_on_close = False
            allow_reuse_address = True
            request_queue_size = backlog

        class Forking(socketserver.ForkingTCPServer):
            block_on_close = False
            allow_reuse_address = True
            request_queue_size = backlog

        kinds = {"line": (Threading, MyTCPHandler), "echo": (Threading, EchoHandler),
                 "udp": (socketserver.UDPServer, UdpEchoHandler), "forking": (Forking, MyTCPHandler)}
        server_class, handler = kinds[mode]
        server = server_class(("127.0.0.1", port), handler)
        host, bound = server.server_address[:2]
        print(f"listening on {host}:{bound}", flush=True)

        def control():
            for line in sys.stdin:
                command = line.strip()
                if command == "stats":
                    print("stats", flush=True)
                elif command == "settle":
                    gc.collect()
                    print("settled", flush=True)
            os._exit(0)

        if controlled:
            threading.Thread(target=control, daemon=True).start()
        try:
            server.serve_forever(poll_interval=0.5)
        except KeyboardInterrupt:
            pass
        """;

    /// <summary>The full path of <c>python3</c>, or null when it is not on the PATH.</summary>
    public static string? Executable { get; } = ExecutableOnPath.Find("python3");

    public static ProcessStartInfo StartInfo(Workload workload, string mode, int port)
    {
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("python3 is not on the PATH"));
        var kind = mode == "forking" ? "forking" : Work.Name(workload);
        foreach (var arg in new[] { "-u", "-c", Script, kind, port.ToString(), Work.Backlog.ToString(), Work.EchoBufferSize.ToString(), "controlled" })
            start.ArgumentList.Add(arg);
        return start;
    }
}
