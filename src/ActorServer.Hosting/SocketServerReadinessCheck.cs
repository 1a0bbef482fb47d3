using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorServer.Hosting;

/// <summary>Readiness of one socket server: healthy once it is bound and serving, unhealthy before and after, and while
/// an operator has it suspended (it accepts no one, so a load balancer should send its clients elsewhere).</summary>
internal sealed class SocketServerReadinessCheck(string name) : IAkkaHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var handle = SocketServerRegistry.For(context.ActorSystem)[name];
        if (handle is { IsServing: true, Server: { } server } && (await server.GetStatusAsync(cancellationToken).ConfigureAwait(false)).State == ServerState.Suspended)
            return HealthCheckResult.Unhealthy($"socket server {name} is suspended: it accepts no new connections");
        return handle switch
        {
            { IsServing: true } => HealthCheckResult.Healthy($"socket server {name} is listening on {handle.ServerAddress}"),
            { Bound.IsFaulted: true } => HealthCheckResult.Unhealthy($"socket server {name} failed to start", handle.Bound.Exception?.GetBaseException()),
            { Server: null } => HealthCheckResult.Unhealthy($"socket server {name} is not bound yet"),
            _ => HealthCheckResult.Unhealthy($"socket server {name} has stopped serving"),
        };
    }
}
