using Xunit.Abstractions;

namespace ActorServer.Tests.Kinds;

// The lifecycle suite once per server kind and serving mode: twelve combinations, one suite.

public sealed class TcpSynchronousLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new TcpKind(), ServingMode.Synchronous, output);

public sealed class TcpThreadingLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new TcpKind(), ServingMode.Threading, output);

public sealed class TcpForkingLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new TcpKind(), ServingMode.Forking, output);

public sealed class UdpSynchronousLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new UdpKind(), ServingMode.Synchronous, output);

public sealed class UdpThreadingLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new UdpKind(), ServingMode.Threading, output);

public sealed class UdpForkingLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new UdpKind(), ServingMode.Forking, output);

public sealed class UnixStreamSynchronousLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new UnixStreamKind(), ServingMode.Synchronous, output);

public sealed class UnixStreamThreadingLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new UnixStreamKind(), ServingMode.Threading, output);

public sealed class UnixStreamForkingLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new UnixStreamKind(), ServingMode.Forking, output);

public sealed class UnixDatagramSynchronousLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new UnixDatagramKind(), ServingMode.Synchronous, output);

public sealed class UnixDatagramThreadingLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new UnixDatagramKind(), ServingMode.Threading, output);

public sealed class UnixDatagramForkingLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new UnixDatagramKind(), ServingMode.Forking, output);
