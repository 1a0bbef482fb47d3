using System.Collections.Concurrent;

namespace ActorServer.Cluster.Tests.Support;

/// <summary>
/// Where a spec and the handlers it serves meet: every node of a spec runs in the test process, so a handler on a worker
/// can say that it started (and on which node), and wait for the spec to let it go on. Keyed by a name each spec makes
/// unique (the line its client sends).
/// </summary>
public static class Rendezvous
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<int>> Starts = new();
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<int>> FirstStart = new();
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Releases = new();

    /// <summary>A handler for <paramref name="key"/> started on the worker at <paramref name="port"/>; returns how many
    /// had started for it before (0 for the first).</summary>
    public static int Started(string key, int port)
    {
        var queue = Starts.GetOrAdd(key, _ => new ConcurrentQueue<int>());
        var before = queue.Count;
        queue.Enqueue(port);
        FirstStart.GetOrAdd(key, _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(port);
        return before;
    }

    /// <summary>The port of the worker the first handler for <paramref name="key"/> started on.</summary>
    public static Task<int> FirstStartedAsync(string key) =>
        FirstStart.GetOrAdd(key, _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(ClusterNodes.Patience);

    /// <summary>Waits until the spec releases <paramref name="key"/>, or <paramref name="ct"/> fires.</summary>
    public static Task ReleasedAsync(string key, CancellationToken ct) =>
        Releases.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(ct);

    public static void Release(string key) =>
        Releases.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
