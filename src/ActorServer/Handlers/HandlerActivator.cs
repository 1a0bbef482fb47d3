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

    /// <summary>Refuses a handler of the other family (a stream or flow handler for datagrams, or the reverse), which would
    /// fail on every request; a plain <see cref="BaseRequestHandler"/> serves either.</summary>
    /// <exception cref="ArgumentException">The handler cannot serve this kind's requests.</exception>
    public static Type ForKind(Type handlerType, bool datagrams)
    {
        Type[] wrong = datagrams ? [typeof(StreamRequestHandler), typeof(FlowRequestHandler)] : [typeof(DatagramRequestHandler), typeof(DatagramFlowHandler)];
        var (right, kind) = datagrams
            ? ($"{nameof(DatagramRequestHandler)} or {nameof(DatagramFlowHandler)}", "the datagrams of a datagram server")
            : ($"{nameof(StreamRequestHandler)} or {nameof(FlowRequestHandler)}", "the connections of a stream server");
        if (wrong.FirstOrDefault(family => family.IsAssignableFrom(handlerType)) is { } family)
            throw new ArgumentException($"{handlerType.FullName} is a {family.Name}, which cannot serve {kind}: use a {right}, or a {nameof(BaseRequestHandler)}.", nameof(handlerType));
        return handlerType;
    }
}
