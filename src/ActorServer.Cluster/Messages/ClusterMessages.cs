using Akka.IO;
using Akka.Routing;
using Akka.Streams;

namespace ActorServer.Cluster.Messages;

/// <summary>The messages between a front node and its workers; serialized by <see cref="ClusterMessageSerializer"/>.</summary>
internal interface IClusterMessage
{
}

/// <summary>Front → worker: serve one request. The worker answers <see cref="Serving"/> or <see cref="Refused"/>.</summary>
/// <param name="Server">The front's server name, for the worker's logs.</param>
/// <param name="HandlerType">The handler's assembly-qualified type name: the same assembly is deployed to every node.</param>
/// <param name="Client">The client's address as text (the handler's <c>ClientAddress</c>).</param>
/// <param name="HashKey">The consistent-hashing key: the client's IP address without its port (which differs for each
/// connection), so that one client's connections go to one worker; the whole address for other clients.</param>
/// <param name="Input">The client's bytes, as the front reads them.</param>
/// <param name="RequestTimeout">The server's <c>request-timeout</c>, which the worker applies too; null for none.</param>
/// <param name="StreamBuffer">The front's <c>cluster.stream-buffer</c>, for the worker's side of the stream references.</param>
internal sealed record ServeRequest(
    string Server, string HandlerType, string? Client, string HashKey, ISourceRef<ByteString> Input, TimeSpan? RequestTimeout, int StreamBuffer)
    : IClusterMessage, IConsistentHashable
{
    public object ConsistentHashKey => HashKey;
}

/// <summary>Worker → front: the handler runs; its bytes for the client come through <paramref name="Output"/>, which
/// completes when the handler has finished and fails (naming the failure) when it failed.</summary>
/// <param name="Worker">The worker node's address, which the front watches for the request's life.</param>
internal sealed record Serving(ISourceRef<ByteString> Output, string Worker) : IClusterMessage;

/// <summary>Worker → front: the request was not started (the worker is draining); it is safe to send it elsewhere.</summary>
internal sealed record Refused(string Worker, string Reason) : IClusterMessage;
