using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ActorServer.Modes.Forking;

/// <summary>
/// Sends and receives one message with an open file descriptor attached (SCM_RIGHTS), over a SOCK_SEQPACKET Unix
/// socket: the way an accepted connection crosses into a forked child. .NET has no API for ancillary data, hence libc.
/// </summary>
internal static unsafe partial class FdPassing
{
    private const int SolSocket = 1;
    private const int ScmRights = 1;
    private const int MsgNoSignal = 0x4000;
    private const int MsgCmsgCloexec = 0x40000000;
    private const int EAgain = 11;
    private const int EIntr = 4;
    private static readonly int HeaderSize = sizeof(CmsgHdr);
    private static readonly int ControlSize = HeaderSize + 8; // CMSG_SPACE(sizeof(int)) on 64-bit Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CmsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMsg(int socket, MsgHdr* message, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint RecvMsg(int socket, MsgHdr* message, int flags);

    /// <summary>Sends <paramref name="payload"/> as one packet, with <paramref name="descriptor"/> attached if given.</summary>
    public static void Send(Socket channel, ReadOnlySpan<byte> payload, SafeHandle? descriptor)
    {
        var added = false;
        var channelAdded = false;
        try
        {
            descriptor?.DangerousAddRef(ref added);
            channel.SafeHandle.DangerousAddRef(ref channelAdded);
            var control = stackalloc byte[ControlSize];
            new Span<byte>(control, ControlSize).Clear();
            fixed (byte* data = payload)
            {
                var iov = new IoVec { Base = data, Length = (nuint)payload.Length };
                var message = new MsgHdr { Iov = &iov, IovLength = 1 };
                if (descriptor is not null)
                {
                    var header = (CmsgHdr*)control;
                    header->Length = (nuint)(HeaderSize + sizeof(int));
                    header->Level = SolSocket;
                    header->Type = ScmRights;
                    *(int*)(control + HeaderSize) = (int)descriptor.DangerousGetHandle();
                    message.Control = control;
                    message.ControlLength = (nuint)ControlSize;
                }
                var fd = (int)channel.SafeHandle.DangerousGetHandle();
                while (SendMsg(fd, &message, MsgNoSignal) < 0)
                    Retry(channel, SelectMode.SelectWrite, "sendmsg");
            }
        }
        finally
        {
            if (added)
                descriptor!.DangerousRelease();
            if (channelAdded)
                channel.SafeHandle.DangerousRelease();
        }
    }

    /// <summary>Receives one packet into <paramref name="buffer"/> (0 when the peer closed), and the descriptor sent with it, or -1.</summary>
    public static int Receive(Socket channel, Span<byte> buffer, out int descriptor)
    {
        descriptor = -1;
        var channelAdded = false;
        try
        {
            channel.SafeHandle.DangerousAddRef(ref channelAdded);
            var control = stackalloc byte[ControlSize];
            new Span<byte>(control, ControlSize).Clear();
            fixed (byte* data = buffer)
            {
                var iov = new IoVec { Base = data, Length = (nuint)buffer.Length };
                var message = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)ControlSize };
                var fd = (int)channel.SafeHandle.DangerousGetHandle();
                nint received;
                while ((received = RecvMsg(fd, &message, MsgCmsgCloexec)) < 0)
                    Retry(channel, SelectMode.SelectRead, "recvmsg");
                var header = (CmsgHdr*)control;
                if (message.ControlLength >= (nuint)(HeaderSize + sizeof(int)) && header->Level == SolSocket && header->Type == ScmRights)
                    descriptor = *(int*)(control + HeaderSize);
                return (int)received;
            }
        }
        finally
        {
            if (channelAdded)
                channel.SafeHandle.DangerousRelease();
        }
    }

    /// <summary>Waits out EAGAIN (the socket may be non-blocking) and EINTR; anything else is an error.</summary>
    private static void Retry(Socket channel, SelectMode mode, string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        if (errno == EIntr)
            return;
        if (errno == EAgain)
        {
            channel.Poll(-1, mode);
            return;
        }
        throw new SocketException(errno, $"{call} failed: {Marshal.GetLastPInvokeErrorMessage()}");
    }
}
