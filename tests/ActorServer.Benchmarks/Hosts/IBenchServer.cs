using System.Net;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>A server under test, running in this process (the child side of a <c>ServerProcess</c>).</summary>
internal interface IBenchServer : IAsyncDisposable
{
    EndPoint Address { get; }
}
