namespace ActorServer.Tests.Reliability;

/// <summary>Tests that need the machine to themselves (they count the whole process's descriptors, threads and children,
/// or starve a child process of descriptors): they run one at a time, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakCollection
{
    public const string Name = "soak";
}
