using System.Net;
using System.Net.Sockets;
using Xunit;

namespace ActorServer.Tests.Servers;

public sealed class StartupFailureSpec
{
    [Fact]
    public async Task A_server_whose_port_is_taken_must_end_with_exit_code_1_and_the_bind_error_in_one_line()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        squatter.Listen();
        var error = new StringWriter();

        var code = await StartupFailure.ExitCodeOfAsync(async () =>
        {
            await using var server = new TcpServer<EchoHandler>((IPEndPoint)squatter.LocalEndPoint!);
            await server.ServeForeverAsync();
        }, error);

        Assert.Equal(1, code);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"cannot bind server to {squatter.LocalEndPoint}", line);
    }

    [Fact]
    public async Task A_configuration_error_wrapped_by_a_host_must_be_found_and_written_alone()
    {
        var error = new StringWriter();
        var bad = new ActorServerConfigurationException("actor-server.servers.echo.port", "99999", "a port is 0 to 65535");

        var code = await StartupFailure.ExitCodeOfAsync(() => throw new AggregateException(new InvalidOperationException("host start failed", bad)), error);

        Assert.Equal(1, code);
        Assert.Equal(bad.Message + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task A_run_that_ends_must_give_0_and_any_other_exception_must_propagate()
    {
        var error = new StringWriter();
        Assert.Equal(0, await StartupFailure.ExitCodeOfAsync(() => Task.CompletedTask, error));
        await Assert.ThrowsAsync<InvalidOperationException>(() => StartupFailure.ExitCodeOfAsync(() => throw new InvalidOperationException("a bug"), error));
        Assert.Empty(error.ToString());
    }

    private sealed class EchoHandler : StreamRequestHandler
    {
        public override Task HandleAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
