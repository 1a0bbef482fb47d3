namespace ActorServer;

/// <summary>The phase of a request handler that was running when it failed.</summary>
public enum RequestPhase
{
    /// <summary><c>Setup</c>/<c>SetupAsync</c>. <c>Finish</c> does not run after a failed setup, as in Python.</summary>
    Setup,

    /// <summary><c>Handle</c>/<c>HandleAsync</c>. <c>Finish</c> still runs.</summary>
    Handle,

    /// <summary><c>Finish</c>/<c>FinishAsync</c>, including the final flush of <c>wfile</c>.</summary>
    Finish,
}
