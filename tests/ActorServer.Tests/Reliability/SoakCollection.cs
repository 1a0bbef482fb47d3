namespace ActorServer.Tests.Reliability;

/// <summary>Tests that count the whole process's descriptors, threads and children: they run alone, after the rest.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakCollection
{
    public const string Name = "soak";
}
