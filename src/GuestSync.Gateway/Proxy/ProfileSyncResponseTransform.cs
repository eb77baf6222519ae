using Yarp.ReverseProxy.Transforms;

namespace GuestSync.Gateway.Proxy;

/// <summary>Answers the browser from Genesys's status, never with Genesys's body (it holds the whole profile).</summary>
internal sealed class ProfileSyncResponseTransform : ResponseTransform
{
    private readonly ProfileSyncHandler _handler;

    public ProfileSyncResponseTransform(ProfileSyncHandler handler)
    {
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
    }

    public override ValueTask ApplyAsync(ResponseTransformContext context) => _handler.AnswerAsync(context);
}
