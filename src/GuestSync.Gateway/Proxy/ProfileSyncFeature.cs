using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Profiles;

namespace GuestSync.Gateway.Proxy;

/// <summary>
/// Set on the request once a submission was accepted and its patch built; the response transform answers from it,
/// queueing <see cref="Submission"/> when Genesys could not take it now, then ends <see cref="Live"/>.
/// </summary>
internal sealed record ProfileSyncFeature(string ProfileName, ProfileOptions Profile, string GuestId)
{
    /// <summary>What the outbox stores if the live attempt does not succeed; null when the route names no organization.</summary>
    public OutboxSubmission? Submission { get; init; }

    /// <summary>The live send in flight; null when the route names no organization.</summary>
    public LiveAttempt? Live { get; init; }
}
