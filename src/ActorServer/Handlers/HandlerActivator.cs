namespace ActorServer;

/// <summary>Makes handler instances from a handler type named at run time (by code or by HOCON).</summary>
internal static class HandlerActivator
{
    /// <exception cref="ArgumentException">The type is not a handler, or has no public parameterless constructor.</exception>
    public static Func<BaseRequestHandler> For(Type handlerType)
    {
        if (!typeof(BaseRequestHandler).IsAssignableFrom(handlerType) || handlerType.IsAbstract)
            throw new ArgumentException($"{handlerType.FullName} is not a request handler: it must be a concrete class deriving from {nameof(BaseRequestHandler)}.", nameof(handlerType));
        if (handlerType.GetConstructor(Type.EmptyTypes) is null)
            throw new ArgumentException($"{handlerType.FullName} needs a public parameterless constructor, or pass a handler factory instead.", nameof(handlerType));
        return () => (BaseRequestHandler)Activator.CreateInstance(handlerType)!;
    }

    /// <summary>Refuses a handler of the other family (a stream handler for datagrams, or the reverse), which would
    /// fail on every request; a plain <see cref="BaseRequestHandler"/> serves either.</summary>
    /// <exception cref="ArgumentException">The handler cannot serve this kind's requests.</exception>
    public static Type ForKind(Type handlerType, bool datagrams)
    {
        var (wrong, right, kind) = datagrams
            ? (typeof(StreamRequestHandler), nameof(DatagramRequestHandler), "the datagrams of a datagram server")
            : (typeof(DatagramRequestHandler), nameof(StreamRequestHandler), "the connections of a stream server");
        if (wrong.IsAssignableFrom(handlerType))
            throw new ArgumentException($"{handlerType.FullName} is a {wrong.Name}, which cannot serve {kind}: use a {right} or a {nameof(BaseRequestHandler)}.", nameof(handlerType));
        return handlerType;
    }
}
