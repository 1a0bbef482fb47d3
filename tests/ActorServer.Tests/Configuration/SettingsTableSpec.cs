using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace ActorServer.Tests.Configuration;

/// <summary>The settings table against the other places a setting appears: <c>reference.conf</c> and <see cref="ServerSettings"/>.</summary>
public sealed class SettingsTableSpec
{
    private static Config ReferenceDefaults => ActorServerConfig.Default.GetConfig(ServerSettings.DefaultsPath);

    [Fact]
    public void Reference_conf_must_hold_exactly_the_keys_of_the_table()
    {
        var inFile = Flatten(ReferenceDefaults.Root, prefix: "").Order(StringComparer.Ordinal);

        Assert.Equal(SettingsTable.Keys.Select(k => k.Key).Order(StringComparer.Ordinal), inFile);
    }

    [Fact]
    public void Reference_conf_must_give_each_key_the_default_of_the_table()
    {
        Assert.All(SettingsTable.Keys, key =>
        {
            var tableDefault = ConfigurationFactory.ParseString($"{key.Key} = {key.DefaultHocon}");

            Assert.Equal((key.Key, Read(key, tableDefault)), (key.Key, Read(key, ReferenceDefaults)));
        });
    }

    [Fact]
    public void A_new_server_settings_must_start_from_the_defaults_of_the_table()
    {
        var initial = new ServerSettings();

        Assert.All(SettingsTable.Keys, key =>
            Assert.Equal((key.Key, Read(key, ConfigurationFactory.ParseString($"{key.Key} = {key.DefaultHocon}"))), (key.Key, key.ValueOf(initial))));
        Assert.Equal(initial, ServerSettings.Create(null));
    }

    [Fact]
    public void Each_key_must_name_a_server_settings_property_of_its_type()
    {
        // The hosting options are found from a key the same way (listener-backoff.min: ListenerBackoff.Min).
        Assert.All(SettingsTable.Keys, key =>
        {
            var type = typeof(ServerSettings);
            System.Reflection.PropertyInfo? property = null;
            foreach (var part in key.Key.Split('.'))
            {
                property = type.GetProperty(Pascal(part));
                Assert.True(property is not null, $"{key.Key}: no property {Pascal(part)} on {type.Name}");
                type = property.PropertyType;
            }
            Assert.Equal(key.ValueType, type);
            Assert.False(string.IsNullOrWhiteSpace(key.Doc));
        });
    }

    [Fact]
    public void Rendering_a_value_must_read_back_as_that_value()
    {
        var samples = new Dictionary<string, object?>
        {
            ["timeout"] = null,
            ["child-timeout"] = TimeSpan.FromTicks(2500),
            ["socket-file-mode"] = (UnixFileMode)0x1B0,    // 0660
            ["dispatcher"] = "a \"quoted\" \\ name",
            ["listener-backoff.random-factor"] = 1.0 / 3,
        };

        Assert.All(samples, sample =>
        {
            var key = SettingsTable.Get(sample.Key);
            Assert.Equal((key.Key, sample.Value), (key.Key, Read(key, ConfigurationFactory.ParseString($"{key.Key} = {key.Render(sample.Value)}"))));
        });
        Assert.Equal("\"0660\"", SettingsTable.Get("socket-file-mode").Render((UnixFileMode)0x1B0));
    }

    private static object? Read(SettingKey key, Config scoped) =>
        key.ValueOf(key.ReadInto(new ServerSettings(), new SettingsReader(scoped, ServerSettings.DefaultsPath)));

    private static IEnumerable<string> Flatten(HoconValue value, string prefix) =>
        // An empty object is a key's value (tls.sni = {}), not a group of keys.
        value.GetObject().Items.SelectMany(item => item.Value.IsObject() && item.Value.GetObject().Items.Count > 0
            ? Flatten(item.Value, prefix + item.Key + ".")
            : [prefix + item.Key]);

    private static string Pascal(string kebab) =>
        string.Concat(kebab.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
}
