namespace ActorServer.Modes.Forking;

/// <summary>
/// The entry point of ActorServer.dll. It exists only for forked children, which the forking bridge starts as
/// <c>dotnet exec --depsfile APP.deps.json --runtimeconfig APP.runtimeconfig.json ActorServer.dll --actor-server-child …</c>,
/// so the child loads the user's own handler class from the user's own assembly.
/// </summary>
internal static class ChildEntryPoint
{
    public const string Flag = "--actor-server-child";

    public static int Main(string[] args)
    {
        if (args.Length < 1 || args[0] != Flag)
        {
            Console.Error.WriteLine("ActorServer.dll is a library; its entry point only runs the children of servers in forking mode.");
            return 2;
        }
        return ForkedChild.Run(args[1..]);
    }
}
