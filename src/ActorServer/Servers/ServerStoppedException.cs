namespace ActorServer;

/// <summary>A server stopped serving for a reason other than <c>ShutdownAsync</c>; the inner exception says why.</summary>
public sealed class ServerStoppedException : Exception
{
    /// <summary>Creates the exception with its reason.</summary>
    public ServerStoppedException(string message, Exception? cause = null)
        : base(message, cause)
    {
    }
}
