namespace ActorServer.Hosting;

/// <summary>
/// A server was asked for by its handler type, and more than one server has that handler: which one is meant cannot be
/// told. The message names every candidate; ask for one by name instead (<c>ISocketServerRegistry["NAME"]</c>).
/// </summary>
public sealed class AmbiguousSocketServerException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="handlerType"/>, served by each of <paramref name="serverNames"/>.</summary>
    public AmbiguousSocketServerException(Type handlerType, IReadOnlyList<string> serverNames)
        : base($"{serverNames.Count} socket servers have the handler {handlerType.FullName}: {string.Join(", ", serverNames)}. " +
               $"Ask for one by name (ISocketServerRegistry[\"{serverNames[0]}\"]), or give each its own ActorRegistry key " +
               "(WithSocketServer<THandler, TKey>).")
    {
        HandlerType = handlerType;
        ServerNames = serverNames;
    }

    /// <summary>The handler type that was asked for.</summary>
    public Type HandlerType { get; }

    /// <summary>The names of the servers that have <see cref="HandlerType"/>, in configuration order.</summary>
    public IReadOnlyList<string> ServerNames { get; }
}
