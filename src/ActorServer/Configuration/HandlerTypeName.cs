namespace ActorServer;

/// <summary>Turns the <c>handler</c> of a server definition into a handler class, or an error naming the key.</summary>
internal static class HandlerTypeName
{
    private const string Example = "\"MyApp.EchoHandler, MyApp\"";

    /// <param name="name">An assembly-qualified name (<c>Namespace.Type, Assembly</c>), or a full name found in a loaded assembly.</param>
    /// <param name="key">The full HOCON key, for the error.</param>
    /// <param name="datagrams">Whether the server's kind serves datagrams (udp, unix-datagram) rather than connections.</param>
    /// <exception cref="ActorServerConfigurationException">The name is missing, names no type, names a type that is not a
    /// handler, or names a handler of the other family (a stream handler for a datagram kind, or the reverse).</exception>
    public static Type Resolve(string name, string key, bool datagrams)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ActorServerConfigurationException(key, name, $"a server needs a handler type, such as {Example}");
        var type = Find(name.Trim())
            ?? throw new ActorServerConfigurationException(key, name,
                $"no type of that name could be loaded; give the full type name and its assembly, such as {Example}");
        if (!typeof(BaseRequestHandler).IsAssignableFrom(type) || type.IsAbstract || type.IsGenericTypeDefinition)
            throw new ActorServerConfigurationException(key, name,
                $"{type.FullName} is not a request handler: expected a concrete class deriving from {typeof(BaseRequestHandler).FullName}");
        try
        {
            return HandlerActivator.ForKind(type, datagrams);
        }
        catch (ArgumentException)
        {
            throw new ActorServerConfigurationException(key, name, datagrams
                ? $"{type.Name} serves connections, not datagrams: a udp or unix-datagram server needs a {nameof(DatagramRequestHandler)} or {nameof(DatagramFlowHandler)} (or a plain {nameof(BaseRequestHandler)})"
                : $"{type.Name} serves datagrams, not connections: a tcp or unix-stream server needs a {nameof(StreamRequestHandler)} or {nameof(FlowRequestHandler)} (or a plain {nameof(BaseRequestHandler)})");
        }
    }

    private static Type? Find(string name)
    {
        try
        {
            var type = Type.GetType(name, throwOnError: false);
            if (type is not null || name.Contains(','))
                return type;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or ArgumentException or TypeLoadException)
        {
            return null;
        }
        // Without an assembly name, look in the assemblies already loaded, as a host application's would be.
        return AppDomain.CurrentDomain.GetAssemblies()
            .Select(assembly => assembly.GetType(name, throwOnError: false))
            .FirstOrDefault(type => type is not null);
    }
}
