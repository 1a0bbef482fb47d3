namespace ActorServer;

/// <summary>
/// One key of <c>actor-server.server-defaults</c> in the <see cref="SettingsTable"/>: its name, its value type, its
/// default as HOCON text, what it means, and how it is read into (and found in) <see cref="ServerSettings"/>.
/// </summary>
internal abstract class SettingKey
{
    protected SettingKey(string key, string defaultHocon, string doc)
    {
        Key = key;
        DefaultHocon = defaultHocon;
        Doc = doc;
    }

    /// <summary>The key relative to a settings path: <c>max-connections</c>, <c>listener-backoff.min</c>.</summary>
    public string Key { get; }

    /// <summary>The default as <c>reference.conf</c> writes it (a test holds the file to it).</summary>
    public string DefaultHocon { get; }

    /// <summary>What the key means, in one line.</summary>
    public string Doc { get; }

    /// <summary>The type of the value in <see cref="ServerSettings"/>.</summary>
    public abstract Type ValueType { get; }

    /// <summary>Reads and validates this key's value, then returns <paramref name="settings"/> with it set.</summary>
    /// <exception cref="ActorServerConfigurationException">The value is unusable; the message names the full key.</exception>
    public abstract ServerSettings ReadInto(ServerSettings settings, SettingsReader reader);

    /// <summary>This key's value in <paramref name="settings"/>.</summary>
    public abstract object? ValueOf(ServerSettings settings);

    /// <summary><paramref name="settings"/> with this key set to <paramref name="value"/> (of <see cref="ValueType"/>).</summary>
    public abstract ServerSettings With(ServerSettings settings, object? value);

    /// <summary><paramref name="value"/> as HOCON text that reads back as it.</summary>
    /// <exception cref="InvalidCastException"><paramref name="value"/> is not of <see cref="ValueType"/>.</exception>
    public abstract string Render(object? value);

    public override string ToString() => Key;
}

/// <summary>A <see cref="SettingKey"/> whose value is a <typeparamref name="T"/>.</summary>
internal sealed class SettingKey<T> : SettingKey
{
    private readonly SettingFormat<T> _format;
    private readonly Func<ServerSettings, T> _get;
    private readonly Func<ServerSettings, T, ServerSettings> _set;
    private readonly Func<ServerSettings, T, string?>? _check;

    /// <param name="check">A rule against the keys read before this one (the table's order), returning what was expected
    /// when the value breaks it, or null.</param>
    public SettingKey(string key, SettingFormat<T> format, string defaultHocon, string doc,
        Func<ServerSettings, T> get, Func<ServerSettings, T, ServerSettings> set, Func<ServerSettings, T, string?>? check = null)
        : base(key, defaultHocon, doc)
    {
        _format = format;
        _get = get;
        _set = set;
        _check = check;
    }

    public override Type ValueType => typeof(T);

    public override ServerSettings ReadInto(ServerSettings settings, SettingsReader reader)
    {
        var value = _format.Read(reader, Key);
        if (_check?.Invoke(settings, value) is { } expectation)
            throw reader.Invalid(Key, expectation);
        return _set(settings, value);
    }

    public override object? ValueOf(ServerSettings settings) => _get(settings);

    public override ServerSettings With(ServerSettings settings, object? value) => _set(settings, (T)value!);

    public override string Render(object? value) => _format.Render((T)value!);
}
