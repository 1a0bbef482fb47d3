using Akka.Configuration;

namespace ActorServer;

/// <summary>A configuration value ActorServer cannot use. The message names the full HOCON key and the bad value.</summary>
public sealed class ActorServerConfigurationException : ConfigurationException
{
    /// <summary>Creates the exception for <paramref name="key"/> holding <paramref name="value"/>.</summary>
    public ActorServerConfigurationException(string key, string? value, string expectation)
        : base($"Invalid ActorServer setting '{key}' = '{value}': {expectation}{(expectation.EndsWith('?') ? "" : ".")}")
    {
        Key = key;
        Value = value;
    }

    /// <summary>The full HOCON path of the bad setting.</summary>
    public string Key { get; }

    /// <summary>The value found at <see cref="Key"/>, as text.</summary>
    public string? Value { get; }
}
