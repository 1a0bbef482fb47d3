using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorServer.Hosting.Tests.Support;

/// <summary>Builds a spec's real generic hosts with Akka.Hosting (logs captured), and stops and disposes them after it.</summary>
public sealed class TestHosts : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly List<IHost> _hosts = [];

    public CapturingLoggerProvider Logs { get; } = new();

    /// <param name="akka">Adds the spec's servers to the actor system.</param>
    /// <param name="services">Registers the spec's services.</param>
    /// <param name="addRegistry">Whether <c>AddSocketServerRegistry()</c> is called, as the README tells users to.</param>
    public IHost Build(Action<AkkaConfigurationBuilder> akka, Action<IServiceCollection>? services = null, bool addRegistry = true)
    {
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.AddProvider(Logs))
            .ConfigureServices(s =>
            {
                s.AddHealthChecks();
                if (addRegistry)
                    s.AddSocketServerRegistry();
                services?.Invoke(s);
                s.AddAkka("hosting-spec", builder =>
                {
                    builder.AddHocon("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
                    builder.ConfigureLoggers(loggers => loggers.AddLoggerFactory());
                    akka(builder);
                });
            })
            .Build();
        _hosts.Add(host);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                await host.StopAsync().WaitAsync(Patience);
            }
            catch (Exception)
            {
                // A host that failed to start has nothing to stop, and says so in more than one way.
            }
            host.Dispose();
        }
    }
}
