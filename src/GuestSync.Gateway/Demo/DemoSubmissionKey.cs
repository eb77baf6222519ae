using System.Buffers.Text;
using System.Security.Cryptography;
using GuestSync.Gateway.Configuration;
using GuestSync.Gateway.Profiles;

namespace GuestSync.Gateway.Demo;

/// <summary>
/// The idempotency key the demo form carries in a hidden field: a new one for every view of the form (a page with
/// errors is a new view), so a double click or a browser's resend of one view is sent to Genesys once, and a
/// corrected form is a new submission.
/// </summary>
internal static class DemoSubmissionKey
{
    /// <summary>128 random bits from the OS CSPRNG, base64url: 22 printable ASCII characters.</summary>
    public static string NewValue() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>The field name of the profile the demo posts to (<c>default</c>), or the default name.</summary>
    public static string FieldName(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var profiles = context.RequestServices.GetService<ReloadableSettings<GatewayProfilesOptions, ProfileSet>>();
        return profiles is not null && profiles.Current.TryGet(ProfileDefaults.ProfileName, out var profile)
            ? profile.Options.IdempotencyField
            : ProfileDefaults.IdempotencyField;
    }
}
