using System.Reflection;
using ActorServer.Hosting.Tests.Support;

namespace ActorServer.Hosting.Tests;

/// <summary>
/// The options against the settings table, key by key from the table itself: a setting added to the table and not to
/// the options (or written under the wrong key, or rendered so that it reads back as something else) fails here.
/// </summary>
public sealed class SocketServerOptionsTableSpec
{
    /// <summary>The options that are not settings: where the server listens, and the host's own concerns.</summary>
    private static readonly string[] NotSettings = [nameof(SocketServerOptions.Kind), nameof(SocketServerOptions.Endpoint),
        nameof(SocketServerOptions.Path), nameof(SocketServerOptions.AddReadinessCheck)];

    private static readonly ServerSettings Defaults = new();

    public static TheoryData<string> TableKeys => [.. SettingsTable.Keys.Select(k => k.Key)];

    [Theory]
    [MemberData(nameof(TableKeys))]
    public void Each_key_of_the_table_must_be_settable_from_the_options_and_read_back_as_set(string name)
    {
        var key = SettingsTable.Get(name);
        var wanted = OtherThan(key.ValueOf(Defaults), key.ValueType);
        var expected = key.With(Defaults, wanted);
        // A nested key (listener-backoff.min) is set through the option of its object (ListenerBackoff).
        var propertyName = Pascal(name.Split('.')[0]);
        var option = typeof(SocketServerOptions).GetProperty(propertyName);
        Assert.True(option is not null, $"SocketServerOptions has no {propertyName} for the key {name}");
        var setting = typeof(ServerSettings).GetProperty(propertyName)!;
        var options = new SocketServerOptions { Endpoint = "127.0.0.1:1" };
        option.SetValue(options, AsOption(setting, setting.GetValue(expected)));

        var read = ServerDefinition.Create(options.ToConfig("echo", typeof(GreetingHandler)), "echo").Settings;

        Assert.NotEqual(key.ValueOf(Defaults), wanted);
        Assert.Equal(wanted, key.ValueOf(read));
        Assert.Equal(expected, read);                  // and nothing else moved
    }

    [Fact]
    public void Every_settings_option_must_stand_for_a_key_of_the_table()
    {
        var options = typeof(SocketServerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.Name).Except(NotSettings).Order(StringComparer.Ordinal);
        var table = SettingsTable.Keys.Select(k => Pascal(k.Key.Split('.')[0])).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(table, options);
    }

    [Fact]
    public void The_socket_file_mode_must_be_written_in_octal()
    {
        var options = new SocketServerOptions
        {
            Kind = ServerKind.UnixStream,
            Path = "/tmp/x.sock",
            SocketFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite,
        };

        Assert.Contains("socket-file-mode = \"0660\"", options.ToHocon("unix", typeof(GreetingHandler)));
    }

    [Fact]
    public void The_sni_map_must_be_written_with_its_host_names_quoted_and_read_back_by_name()
    {
        var options = new SocketServerOptions
        {
            Endpoint = "127.0.0.1:1",
            Tls = new TlsSettings
            {
                Certificate = new() { Path = "/etc/tls/default.crt" },
                Sni = new Dictionary<string, TlsCertificateFiles> { ["*.b.example"] = new() { Path = "/etc/tls/b.crt", KeyPath = "/etc/tls/b.key" } },
            },
        };

        var hocon = options.ToHocon("echo", typeof(GreetingHandler));
        var read = ServerDefinition.Create(options.ToConfig("echo", typeof(GreetingHandler)), "echo").Settings.Tls;

        Assert.Contains("\"*.b.example\" { path = \"/etc/tls/b.crt\", key-path = \"/etc/tls/b.key\"", hocon);
        Assert.Equal("/etc/tls/b.key", read.Sni["*.B.EXAMPLE"].KeyPath);
        Assert.Equal(options.Tls, read);
    }

    /// <summary>A valid value of <paramref name="type"/> that is not <paramref name="value"/>.</summary>
    private static object? OtherThan(object? value, Type type) => value switch
    {
        null when type == typeof(TimeSpan?) => TimeSpan.FromMilliseconds(1500),
        TimeSpan when type == typeof(TimeSpan?) => null,                     // infinite, written from InfiniteTimeSpan
        TimeSpan span => span + TimeSpan.FromMilliseconds(250),
        int number => number + 1,
        bool flag => !flag,
        double share => share < 0.5 ? share + 0.5 : share - 0.5,
        string => "my-dispatcher",
        UnixFileMode mode => mode | UnixFileMode.GroupRead | UnixFileMode.GroupWrite,
        System.Security.Authentication.SslProtocols => System.Security.Authentication.SslProtocols.Tls13,
        IReadOnlyList<string> => new[] { "x-protocol/1" },
        IReadOnlyDictionary<string, TlsCertificateFiles> => new Dictionary<string, TlsCertificateFiles>
        {
            ["a.example"] = new() { Path = "/etc/tls/a.crt", KeyPath = "/etc/tls/a.key" },
            ["*.b.example"] = new() { Path = "/etc/tls/b.pfx", PasswordEnv = "B_PASSWORD" },
        },
        Enum choice => NextOf(choice),
        _ => throw new NotSupportedException($"no other value of {type} for this test: add one"),
    };

    private static object NextOf(Enum choice)
    {
        var values = Enum.GetValues(choice.GetType());
        return values.GetValue((Array.IndexOf(values, choice) + 1) % values.Length)!;
    }

    /// <summary>A settings value as its option takes it: "no limit" is null in the settings, InfiniteTimeSpan in the options
    /// (whose null means "not set").</summary>
    private static object? AsOption(PropertyInfo setting, object? value) =>
        value is null && setting.PropertyType == typeof(TimeSpan?) ? Timeout.InfiniteTimeSpan : value;

    private static string Pascal(string kebab) =>
        string.Concat(kebab.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
}
