namespace ActorServer.Tls;

/// <summary>The certificate's password, from an environment variable or a file: never from the configuration itself.</summary>
internal static class TlsPassword
{
    /// <summary>Null when neither source is set.</summary>
    /// <exception cref="ActorServerConfigurationException">The variable is unset, or the file unreadable.</exception>
    public static string? Read(TlsSettings settings, string keyPrefix)
    {
        if (settings.PasswordEnv.Length > 0)
            return Environment.GetEnvironmentVariable(settings.PasswordEnv)
                ?? throw new ActorServerConfigurationException($"{keyPrefix}.certificate.password-env", settings.PasswordEnv, "that environment variable is not set");
        if (settings.PasswordFile.Length == 0)
            return null;
        try
        {
            return File.ReadAllText(settings.PasswordFile).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ActorServerConfigurationException($"{keyPrefix}.certificate.password-file", settings.PasswordFile, $"could not read it: {e.Message}");
        }
    }
}
