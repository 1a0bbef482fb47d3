namespace ActorServer.Benchmarks.Hosts;

/// <summary>
/// SEAM: ActorServer features being built on other branches. The scenarios that need them already run against the
/// baselines and show ActorServer's row as "n/a". After merging, switch the flag on and fill in the marked spot in
/// <see cref="ActorServerHost"/>; nothing else in the program changes.
/// </summary>
internal static class PendingFeatures
{
    /// <summary>SEAM(udp): true once <c>UdpServer</c> is merged; then complete <see cref="ActorServerHost.StartUdp"/>.</summary>
    public const bool HasUdpServer = false;

    /// <summary>SEAM(forking): true once forking mode really forks; <see cref="ActorServerHost"/> already passes the mode.</summary>
    public const bool HasForkingMode = false;

    public const string UdpServerMissing = "n/a: UdpServer not on this branch";

    public const string ForkingMissing = "n/a until forking mode lands";
}
