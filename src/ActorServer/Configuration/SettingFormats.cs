using System.Globalization;

namespace ActorServer;

/// <summary>The value formats of the settings table: each pairs a <see cref="SettingsReader"/> call with its inverse.</summary>
internal static class SettingFormats
{
    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public static SettingFormat<int> Int(int min) => new((r, key) => r.Int(key, min), v => v.ToString(CultureInfo.InvariantCulture));

    /// <summary>A number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static SettingFormat<double> Double(double min, double max) =>
        new((r, key) => r.Double(key, min, max), v => v.ToString("R", CultureInfo.InvariantCulture));

    /// <summary><c>on</c> or <c>off</c> (also true/false, yes/no).</summary>
    public static SettingFormat<bool> OnOff { get; } = new((r, key) => r.Bool(key), v => v ? "on" : "off");

    /// <summary>A duration that is not negative; <c>infinite</c> is refused.</summary>
    public static SettingFormat<TimeSpan> Duration { get; } = new((r, key) => r.Duration(key, allowInfinite: false)!.Value, v => DurationText(v));

    /// <summary>A duration above zero: an interval or a delay that zero would turn into a busy loop.</summary>
    public static SettingFormat<TimeSpan> PositiveDuration { get; } = new((r, key) =>
        {
            var value = r.Duration(key, allowInfinite: false)!.Value;
            return value > TimeSpan.Zero ? value : throw r.Invalid(key, "expected a duration above zero");
        },
        v => DurationText(v));

    /// <summary>A duration, or <c>infinite</c> for none (read as null; <see cref="Timeout.InfiniteTimeSpan"/> renders as it too,
    /// since that is how .NET APIs spell "no limit").</summary>
    public static SettingFormat<TimeSpan?> DurationOrInfinite { get; } = new((r, key) => r.Duration(key, allowInfinite: true),
        v => v is null || v == Timeout.InfiniteTimeSpan ? "infinite" : DurationText(v.Value));

    /// <summary>A limit above zero, or <c>infinite</c> for none: a zero limit would end every request at once.</summary>
    public static SettingFormat<TimeSpan?> PositiveDurationOrInfinite { get; } = new((r, key) =>
        {
            var value = r.Duration(key, allowInfinite: true);
            return value is null || value > TimeSpan.Zero ? value : throw r.Invalid(key, "expected a duration above zero, or infinite for no limit");
        },
        v => v is null || v == Timeout.InfiniteTimeSpan ? "infinite" : DurationText(v.Value));

    /// <summary>An enum value in kebab case (<c>keep-serving</c> for <c>KeepServing</c>).</summary>
    public static SettingFormat<TEnum> Enum<TEnum>() where TEnum : struct, Enum =>
        new((r, key) => r.Enum<TEnum>(key), v => SettingsReader.KebabCase(v.ToString()));

    /// <summary>Any text, written quoted.</summary>
    public static SettingFormat<string> Text { get; } = new((r, key) => r.String(key), Quote);

    /// <summary>A list of texts, written as a HOCON list of quoted strings.</summary>
    public static SettingFormat<IReadOnlyList<string>> TextList { get; } = new((r, key) => r.StringList(key), v => "[" + string.Join(", ", v.Select(Quote)) + "]");

    /// <summary>A list of TLS version names (<c>[tls12, tls13]</c>).</summary>
    public static SettingFormat<System.Security.Authentication.SslProtocols> TlsVersions { get; } =
        new((r, key) => Tls.TlsVersionNames.Read(r.StringList(key), r, key), Tls.TlsVersionNames.Text);

    /// <summary>Host name → certificate files (<c>tls.sni</c>).</summary>
    public static SettingFormat<IReadOnlyDictionary<string, TlsCertificateFiles>> SniMap { get; } = new(Tls.SniHocon.Read, Tls.SniHocon.Render);

    /// <summary>Unix permission bits in octal, written quoted with the leading zero as chmod shows them (<c>"0660"</c>).</summary>
    public static SettingFormat<UnixFileMode> Octal { get; } = new((r, key) => r.FileMode(key), v => Quote(OctalText(v)));

    /// <summary>Unix permission bits as chmod shows them (<c>0660</c>).</summary>
    public static string OctalText(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    /// <summary>Text as a HOCON quoted string.</summary>
    public static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Whole milliseconds where that is exact, else microseconds (Akka reads <c>micros</c>, not <c>us</c>), so
    /// that no duration loses precision on its way through HOCON.</summary>
    private static string DurationText(TimeSpan value) => value.Ticks % TimeSpan.TicksPerMillisecond == 0
        ? (value.Ticks / TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture) + "ms"
        : (value.Ticks / 10).ToString(CultureInfo.InvariantCulture) + "micros";
}
