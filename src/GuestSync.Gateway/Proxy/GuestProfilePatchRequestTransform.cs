using Yarp.ReverseProxy.Transforms;

namespace GuestSync.Gateway.Proxy;

/// <summary>Turns the browser's form post into the encrypted Genesys patch, or answers the browser itself.</summary>
internal sealed class GuestProfilePatchRequestTransform : RequestTransform
{
    private readonly string _profileName;
    private readonly ProfileSyncHandler _handler;

    public GuestProfilePatchRequestTransform(string profileName, ProfileSyncHandler handler)
    {
        _profileName = profileName ?? throw new ArgumentNullException(nameof(profileName));
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
    }

    public override ValueTask ApplyAsync(RequestTransformContext context) => _handler.PrepareAsync(_profileName, context);
}
