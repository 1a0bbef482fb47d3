using System.Buffers;
using ActorServer.Benchmarks.Scenarios;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>The echo workload as an ActorServer user writes it: a ReadAsync/WriteAsync loop over one buffer.</summary>
public sealed class EchoHandler : StreamRequestHandler
{
    public EchoHandler() => DisableNagleAlgorithm = true;

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Work.EchoBufferSize);
        try
        {
            var memory = buffer.AsMemory(0, Work.EchoBufferSize);
            int n;
            while ((n = await ReadAsync(memory, cancellationToken)) > 0)
                await WriteAsync(memory[..n], cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
