using Microsoft.Extensions.DependencyInjection;

namespace ActorServer.Hosting;

/// <summary>Makes each request's handler through the host's container, so handlers take services by constructor injection.</summary>
internal static class HostedHandlerFactory
{
    public static Func<BaseRequestHandler> Create(Type handlerType, IServiceProvider services)
    {
        // Compiled once: the per-request cost is a delegate call and the constructor's own dependencies.
        var create = ActivatorUtilities.CreateFactory(handlerType, Type.EmptyTypes);
        return () => (BaseRequestHandler)create(services, null);
    }
}
