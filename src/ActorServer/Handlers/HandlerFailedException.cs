using System.Net;

namespace ActorServer;

/// <summary>
/// A request handler threw. Carries what Python's <c>handle_error</c> prints: the client address, the handler,
/// the phase, and the handler's own exception as <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class HandlerFailedException : Exception
{
    /// <summary>Creates the exception for <paramref name="handlerType"/> failing in <paramref name="phase"/>.</summary>
    public HandlerFailedException(Type handlerType, RequestPhase phase, EndPoint? clientAddress, Exception cause)
        : base($"{handlerType.Name} failed in {phase} for client {ClientText(clientAddress)}: {cause.GetType().Name}: {cause.Message}", cause)
    {
        HandlerType = handlerType;
        Phase = phase;
        ClientAddress = clientAddress;
    }

    /// <summary>The handler class that failed.</summary>
    public Type HandlerType { get; }

    /// <summary>The phase that threw.</summary>
    public RequestPhase Phase { get; }

    /// <summary>The client whose request failed; null for an unnamed Unix client.</summary>
    public EndPoint? ClientAddress { get; }

    internal static string ClientText(EndPoint? address) => address?.ToString() is { Length: > 0 } text ? text : "(unnamed)";
}
