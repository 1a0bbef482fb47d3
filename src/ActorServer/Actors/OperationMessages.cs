using Akka.Actor;

namespace ActorServer.Actors;

// The internal half of the live operations (the public commands are in Operations/ServerControl.cs).

/// <summary>A <see cref="GetServerStatus"/> on its way to the request supervisor, which owns the counts and limits:
/// the listener (or, idle, the guardian) adds the state it knows. Forwarded, so the reply goes to the asker.</summary>
internal sealed record StatusQuery(ServerState State) : INoSerializationVerificationNeeded;

/// <summary>The limit was lowered: the listener gives back the admissions it holds (cancelling its accept) and waits for
/// new ones, so that nothing more is accepted until there is room under the new limit.</summary>
internal sealed record WithdrawAdmissions : INoSerializationVerificationNeeded
{
    public static readonly WithdrawAdmissions Instance = new();
}
