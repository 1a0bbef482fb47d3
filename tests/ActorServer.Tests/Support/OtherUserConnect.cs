using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ActorServer.Tests.Support;

/// <summary>
/// Connects as another local user from inside the (root) test process: a raw <c>setresuid</c> system call changes only
/// the calling thread's credentials (glibc's <c>setuid</c> would change every thread's), and the kernel records that
/// thread's credentials as the connection's peer. The thread ends right after, and its credentials with it.
/// </summary>
public static class OtherUserConnect
{
    public const uint Nobody = 65534;
    private const long SysSetresuid = 117;   // x86_64
    private const long SysSetresgid = 119;

    /// <summary>True where a test can act as another user: root on x86_64 Linux (the machine the suite runs on).</summary>
    public static bool IsPossible => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && Environment.UserName == "root";

    public static Socket As(uint uid, uint gid, EndPoint address)
    {
        Socket? connected = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                // The saved ids stay 0, but the thread never uses them: it connects and ends.
                if (Syscall(SysSetresgid, gid, gid, 0) != 0 || Syscall(SysSetresuid, uid, uid, 0) != 0)
                    throw new InvalidOperationException($"setresuid/setresgid failed with errno {Marshal.GetLastPInvokeError()}");
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(address);
                connected = socket;
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(10)))
            throw new TimeoutException("the connecting thread did not finish");
        return connected ?? throw new InvalidOperationException("connecting as another user failed", failure);
    }

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long Syscall(long number, long a, long b, long c);
}
