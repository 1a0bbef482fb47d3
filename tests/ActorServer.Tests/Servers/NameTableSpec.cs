using System.Reflection;
using System.Text.RegularExpressions;

namespace ActorServer.Tests.Servers;

/// <summary>
/// The README's name table (socketserver → ActorServer) is the contract: every Python name a user relies on has a row,
/// and every ActorServer name a row gives exists in the library's public (or overridable) surface.
/// </summary>
public sealed partial class NameTableSpec
{
    /// <summary>Python's public socketserver surface: every overridable method and attribute of BaseServer, TCPServer,
    /// UDPServer, the mix-ins and the handlers (CPython 3.13's Lib/socketserver.py).</summary>
    private static readonly string[] PythonNames =
    [
        "server_address", "RequestHandlerClass", "timeout", "server_activate", "serve_forever", "shutdown", "service_actions",
        "handle_request", "handle_timeout", "verify_request", "process_request", "server_close", "finish_request",
        "shutdown_request", "close_request", "handle_error", "address_family", "socket_type", "request_queue_size",
        "allow_reuse_address", "allow_reuse_port", "server_bind", "fileno", "get_request", "max_packet_size",
        "daemon_threads", "block_on_close", "process_request_thread", "max_children", "active_children", "collect_children",
        "setup", "handle", "finish", "rbufsize", "wbufsize", "disable_nagle_algorithm", "connection", "rfile", "wfile", "packet",
    ];

    /// <summary>Placeholders in the table's code, not names of the library.</summary>
    private static readonly HashSet<string> Placeholders = ["Handler", "THandler"];

    private static readonly Lazy<string[][]> Rows = new(ReadRows);

    private static string[][] ReadRows()
    {
        var metadata = typeof(NameTableSpec).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var readme = File.ReadAllLines(Path.Combine(metadata["SamplesDirectory"]!, "..", "README.md"));
        var start = Array.FindIndex(readme, line => line.StartsWith("## socketserver → ActorServer", StringComparison.Ordinal));
        Assert.True(start >= 0, "the README has no name table");
        return [.. readme.Skip(start + 1).SkipWhile(line => !line.StartsWith('|')).TakeWhile(line => line.StartsWith('|')).Skip(2)
            .Select(line => line.Trim('|').Split(" | ").Select(cell => cell.Trim()).ToArray())];
    }

    public static TheoryData<string> PythonNameData() => new(PythonNames);

    [Theory]
    [MemberData(nameof(PythonNameData))]
    public void Every_name_of_pythons_socketserver_must_have_a_row(string pythonName) =>
        Assert.Contains(Rows.Value, row => Regex.IsMatch(row[0], $@"(^|[^a-z_]){Regex.Escape(pythonName)}([^a-z_]|$)"));

    public static TheoryData<string> ActorServerNameData() =>
        new(Rows.Value.SelectMany(row => Code().Matches(row[1]).SelectMany(code => Identifier().Matches(code.Groups[1].Value)))
            .Select(m => m.Value).Where(name => !Placeholders.Contains(name)).Distinct());

    [Theory]
    [MemberData(nameof(ActorServerNameData))]
    public void Every_actorserver_name_in_the_table_must_exist_in_the_library(string name)
    {
        var types = typeof(SocketServer).Assembly.GetExportedTypes();
        const BindingFlags Visible = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        // .NET's own types (Socket, Stream) appear where the table says what a name is.
        var dotnet = typeof(object).Assembly.GetExportedTypes().Concat(typeof(System.Net.Sockets.Socket).Assembly.GetExportedTypes());
        var found = types.Concat(dotnet).Any(t => t.Name.Split('`')[0] == name)
            || types.SelectMany(t => t.GetMembers(Visible)).Any(m => m.Name == name && IsVisible(m));
        Assert.True(found, $"the name table names {name}, which is not in ActorServer's public or protected surface");
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
        PropertyInfo property => property.GetMethod is { } get && IsVisible(get),
        FieldInfo field => field.IsPublic || field.IsFamily,
        _ => true,
    };

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]*\b")]
    private static partial Regex Identifier();
}
