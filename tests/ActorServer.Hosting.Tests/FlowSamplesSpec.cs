using System.Buffers.Binary;
using System.Text;
using ActorServer.Samples.FlowEcho;
using ActorServer.Samples.FlowKeyValue;
using ActorServer.Testing;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Hosting.Tests;

/// <summary>The flow samples' handlers under the handler TestKit: no sockets, the real connection stage and materializer.</summary>
public sealed class FlowSamplesSpec(ITestOutputHelper output) : HandlerTestKit(output: output)
{
    [Fact]
    public async Task The_flow_echo_handler_must_answer_each_line_upper_cased_even_when_lines_arrive_in_pieces()
    {
        await using var client = Connect<UpperCaseFlow>(new HandlerClientOptions { MaxChunk = 3 });

        await client.SendAsync("hello\r\nflow ");
        await client.ExpectLineAsync("HELLO");
        await client.SendLineAsync("handlers");
        await client.ExpectLineAsync("FLOW HANDLERS");
        client.CompleteSending();

        await client.ExpectClosedAsync();
        await client.ExpectCompletedAsync();
    }

    [Fact]
    public async Task The_flow_echo_handler_must_end_an_over_long_line_as_the_clients_fault()
    {
        await using var client = Connect<UpperCaseFlow>();

        await client.SendAsync(new string('x', 2000));

        var outcome = await client.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<Akka.Streams.Dsl.Framing.FramingException>(outcome.Failure?.InnerException);
        Assert.True(outcome.IsClientFault);
    }

    [Fact]
    public async Task The_key_value_handler_must_answer_each_frame_from_the_store_actor()
    {
        var store = Sys.ActorOf(Props.Create<KeyValueStore>());
        await using var client = Connect(() => new KeyValueFlow(store));

        await client.SendAsync(Frame("SET greeting hello frames"));
        await client.SendAsync(Frame("GET greeting"));
        await client.SendAsync(Frame("GET missing"));

        Assert.Equal("OK", await ExpectFrameAsync(client));
        Assert.Equal("hello frames", await ExpectFrameAsync(client));
        Assert.Equal("(nil)", await ExpectFrameAsync(client));
    }

    [Fact]
    public async Task The_key_value_handler_must_fail_on_an_unknown_command_as_a_handler_failure()
    {
        await using var client = Connect(() => new KeyValueFlow(Sys.ActorOf(Props.Create<KeyValueStore>())));

        await client.SendAsync(Frame("DROP everything"));

        var failure = await client.ExpectFailureAsync<FormatException>();
        Assert.Contains("unknown command", failure.Message);
        Assert.False((await client.Completion).IsClientFault);
    }

    private static byte[] Frame(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    private static async Task<string> ExpectFrameAsync(HandlerClient client)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(await client.ExpectBytesAsync(4));
        return Encoding.UTF8.GetString(await client.ExpectBytesAsync(length));
    }
}
