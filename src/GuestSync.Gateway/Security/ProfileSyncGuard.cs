using GuestSync.Gateway.Security.BindingTokens;

namespace GuestSync.Gateway.Security;

/// <summary>
/// The security checks a validated submission passes before its patch is built: the guest binding token.
/// The one call the profile-sync handler makes into this feature.
/// </summary>
internal sealed class ProfileSyncGuard
{
    private readonly GuestBindingAuthorizer _binding;

    public ProfileSyncGuard(GuestBindingAuthorizer binding)
    {
        _binding = binding ?? throw new ArgumentNullException(nameof(binding));
    }

    /// <summary>True when the post may be forwarded; otherwise the problem answer has been written.</summary>
    public ValueTask<bool> AuthorizeAsync(HttpContext http, string profileName, string guestId, IReadOnlyDictionary<string, string> fields) =>
        _binding.AuthorizeAsync(http, profileName, guestId, fields);
}
