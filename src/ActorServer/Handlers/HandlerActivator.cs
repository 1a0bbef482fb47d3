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
}
