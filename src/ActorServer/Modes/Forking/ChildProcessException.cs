namespace ActorServer;

/// <summary>
/// A request served in a forked child failed there: the handler threw (the child's exception type, message and
/// stack are carried over), or the child crashed, exited, was killed by a signal, or hung past its timeout.
/// </summary>
public sealed class ChildProcessException : Exception
{
    /// <summary>Creates the exception for child <paramref name="processId"/>.</summary>
    public ChildProcessException(int processId, string message, string? remoteType = null, string? remoteStackTrace = null, bool isClientFault = false)
        : base($"child process {processId}: {message}")
    {
        ProcessId = processId;
        RemoteType = remoteType;
        RemoteStackTrace = remoteStackTrace;
        IsClientFault = isClientFault;
    }

    /// <summary>The child's process id.</summary>
    public int ProcessId { get; }

    /// <summary>The full name of the exception the handler threw in the child; null when the child itself failed.</summary>
    public string? RemoteType { get; }

    /// <summary>The stack trace of the handler's exception, as the child printed it.</summary>
    public string? RemoteStackTrace { get; }

    /// <summary>True when the child judged the failure the client's (a reset, a silent client), not the handler's.</summary>
    public bool IsClientFault { get; }

    /// <inheritdoc />
    public override string? StackTrace => RemoteStackTrace ?? base.StackTrace;
}
