namespace ActorServer;

/// <summary>
/// How one kind of setting value is read from HOCON (validated, the error naming the key) and written back to HOCON
/// text that reads as the same value. Reading and writing sit side by side so that what the hosting options render is
/// what the reader takes, by construction.
/// </summary>
/// <param name="Read">Reads and validates the value at a key (relative to the reader's path).</param>
/// <param name="Render">The value as HOCON text, ready to follow <c>key = </c>.</param>
internal sealed record SettingFormat<T>(Func<SettingsReader, string, T> Read, Func<T, string> Render);
