using GuestSync.Gateway.Profiles;

namespace GuestSync.Gateway.Proxy;

/// <summary>Set on the request once a submission was accepted and its patch built; the response transform answers from it.</summary>
internal sealed record ProfileSyncFeature(string ProfileName, ProfileOptions Profile, string GuestId);
