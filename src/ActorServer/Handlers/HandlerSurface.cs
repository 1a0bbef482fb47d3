namespace ActorServer;

/// <summary>
/// Which surface a handler class uses: a class that overrides none of the blocking methods (<c>Setup</c>, <c>Handle</c>,
/// <c>Finish</c>) is asynchronous only, and promises not to block, so it needs no thread of its own to run on.
/// </summary>
internal static class HandlerSurface
{
    private static readonly string[] BlockingMethods = [nameof(BaseRequestHandler.Setup), nameof(BaseRequestHandler.Handle), nameof(BaseRequestHandler.Finish)];

    /// <summary>True when <paramref name="handlerType"/> overrides none of the blocking methods. False for
    /// <see cref="BaseRequestHandler"/> itself: a server made from a handler factory names it, which says nothing of the
    /// handlers the factory makes.</summary>
    public static bool IsAsynchronous(Type handlerType) =>
        handlerType != typeof(BaseRequestHandler)
        && typeof(BaseRequestHandler).IsAssignableFrom(handlerType)
        && Array.TrueForAll(BlockingMethods, name => handlerType.GetMethod(name, Type.EmptyTypes)?.DeclaringType == typeof(BaseRequestHandler));
}
