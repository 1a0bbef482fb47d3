using System.Globalization;
using Akka.Configuration;

namespace ActorServer;

/// <summary>
/// Reads typed values under one HOCON path and turns every unusable value into an
/// <see cref="ActorServerConfigurationException"/> that names the full key.
/// </summary>
internal sealed class SettingsReader
{
    private readonly Config _config;
    private readonly string _path;

    /// <param name="scoped">The configuration below <paramref name="path"/>, with any fallbacks already applied.</param>
    /// <param name="path">The HOCON path <paramref name="scoped"/> was read from, for error messages.</param>
    public SettingsReader(Config scoped, string path)
    {
        _path = path;
        _config = scoped;
    }

    /// <summary>The full HOCON path of <paramref name="key"/>, as errors name it.</summary>
    public string FullKey(string key) => $"{_path}.{key}";

    private string? Raw(string key) => _config.HasPath(key) ? _config.GetString(key) : null;

    public bool Has(string key) => _config.HasPath(key);

    /// <summary>The raw value at <paramref name="key"/> (an object or list for a format to walk); null when absent.</summary>
    public Akka.Configuration.Hocon.HoconValue? Value(string key) => _config.HasPath(key) ? _config.GetValue(key) : null;

    public int Int(string key, int min)
    {
        var raw = Raw(key);
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            throw new ActorServerConfigurationException(FullKey(key), raw, $"expected a whole number of at least {min}");
        return value;
    }

    public double Double(string key, double min, double max)
    {
        var raw = Raw(key);
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw Invalid(key, $"expected a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        return value;
    }

    /// <summary>The error for a value that reads but does not fit with the others.</summary>
    public ActorServerConfigurationException Invalid(string key, string expectation) =>
        new(FullKey(key), Raw(key), expectation);

    public bool Bool(string key)
    {
        var raw = Raw(key);
        return raw?.ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw new ActorServerConfigurationException(FullKey(key), raw, "expected on or off"),
        };
    }

    /// <summary>A duration; <c>infinite</c> gives <c>null</c> where <paramref name="allowInfinite"/> is set.</summary>
    public TimeSpan? Duration(string key, bool allowInfinite)
    {
        var raw = Raw(key);
        if (allowInfinite && string.Equals(raw, "infinite", StringComparison.OrdinalIgnoreCase))
            return null;
        TimeSpan value;
        try
        {
            value = _config.GetTimeSpan(key, null, allowInfinite: false);
        }
        catch (Exception e) when (e is FormatException or ConfigurationException or OverflowException or ArgumentException)
        {
            throw new ActorServerConfigurationException(FullKey(key), raw,
                allowInfinite ? "expected a duration such as 500ms or 10s, or infinite" : "expected a duration such as 500ms or 10s");
        }
        if (value < TimeSpan.Zero)
            throw new ActorServerConfigurationException(FullKey(key), raw, "expected a duration that is not negative");
        return value;
    }

    /// <summary>Unix permission bits written in octal, as chmod takes them (<c>0600</c>, <c>"660"</c>).</summary>
    public UnixFileMode FileMode(string key)
    {
        var raw = Raw(key);
        var digits = raw?.Trim().TrimStart('0');
        if (string.IsNullOrWhiteSpace(raw) || digits!.Length > 4 || digits.Any(c => c is < '0' or > '7'))
            throw new ActorServerConfigurationException(FullKey(key), raw, "expected permission bits in octal, such as 0600 or 0660");
        return (UnixFileMode)digits.Aggregate(0, (mode, digit) => mode * 8 + (digit - '0'));
    }

    public string String(string key) => Raw(key) ?? string.Empty;

    /// <summary>A HOCON list of strings (<c>[a, b]</c>).</summary>
    public IReadOnlyList<string> StringList(string key)
    {
        var value = _config.HasPath(key) ? _config.GetValue(key) : null;
        if (value is null)
            return [];
        if (!value.IsString() && !value.IsObject())
        {
            try
            {
                return _config.GetStringList(key).ToArray();
            }
            catch (Exception e) when (e is ConfigurationException or InvalidOperationException or FormatException or NullReferenceException)
            {
                // A list of objects or lists: refused below.
            }
        }
        throw new ActorServerConfigurationException(FullKey(key), value.IsString() ? value.GetString() : "{…}", "expected a list of strings such as [a, b]");
    }

    /// <summary>An enum spelled in kebab case in HOCON (<c>keep-serving</c> for <c>KeepServing</c>).</summary>
    public TEnum Enum<TEnum>(string key) where TEnum : struct, Enum
    {
        var raw = Raw(key);
        var compact = raw?.Replace("-", string.Empty, StringComparison.Ordinal);
        if (compact is not null && !int.TryParse(compact, out _) && System.Enum.TryParse<TEnum>(compact, ignoreCase: true, out var value))
            return value;
        var allowed = string.Join(", ", System.Enum.GetNames<TEnum>().Select(KebabCase));
        throw new ActorServerConfigurationException(FullKey(key), raw, $"expected one of {allowed}");
    }

    public static string KebabCase(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
