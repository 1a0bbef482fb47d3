namespace ActorServer.Tls;

/// <summary>The certificate's password, from an environment variable or a file: never from the configuration itself.</summary>
internal static class TlsPassword
{
    /// <summary>Null when neither source is set.</summary>
    /// <param name="keyPrefix">The HOCON path of the files' object, for the keys errors name.</param>
    /// <exception cref="ActorServerConfigurationException">The variable is unset, or the file unreadable.</exception>
    public static string? Read(TlsCertificateFiles files, string keyPrefix)
    {
        if (files.PasswordEnv.Length > 0)
            return Environment.GetEnvironmentVariable(files.PasswordEnv)
                ?? throw new ActorServerConfigurationException($"{keyPrefix}.password-env", files.PasswordEnv, "that environment variable is not set");
        if (files.PasswordFile.Length == 0)
            return null;
        try
        {
            return File.ReadAllText(files.PasswordFile).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ActorServerConfigurationException($"{keyPrefix}.password-file", files.PasswordFile, $"could not read it: {e.Message}");
        }
    }
}
