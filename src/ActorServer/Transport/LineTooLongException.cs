namespace ActorServer;

/// <summary>
/// A client sent a line longer than the handler's <c>MaxLineLength</c> without a newline. Reading stops there,
/// so a client cannot make the server buffer without bound.
/// </summary>
public sealed class LineTooLongException : IOException
{
    /// <summary>Creates the exception for a line that passed <paramref name="maxLineLength"/> bytes.</summary>
    public LineTooLongException(int maxLineLength)
        : base($"client sent a line longer than the maximum of {maxLineLength} bytes")
    {
        MaxLineLength = maxLineLength;
    }

    /// <summary>The limit that was passed, in bytes.</summary>
    public int MaxLineLength { get; }
}
