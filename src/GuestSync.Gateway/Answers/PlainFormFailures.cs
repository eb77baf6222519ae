using GuestSync.Gateway.Configuration;
using GuestSync.Gateway.Profiles;
using GuestSync.Gateway.Security;
using GuestSync.Gateway.Security.Origins;
using Microsoft.Net.Http.Headers;

namespace GuestSync.Gateway.Answers;

/// <summary>
/// How a failed plain HTML post (<see cref="PlainFormPost"/>) is answered, so a site without script never shows a
/// visitor raw JSON: 303 to the route profile's <c>ErrorUrl</c> with a machine-readable reason
/// (<see cref="FailureRedirect"/>), or, without one, the failure's status with a minimal HTML page (<see cref="FailurePage"/>).
/// The profile is the matched route's, so refusals made before the form is read (origin, rate limit) are answered the same way.
/// </summary>
internal sealed class PlainFormFailures
{
    private readonly ReloadableSettings<GatewayProfilesOptions, ProfileSet> _profiles;

    public PlainFormFailures(ReloadableSettings<GatewayProfilesOptions, ProfileSet> profiles)
    {
        _profiles = profiles ?? throw new ArgumentNullException(nameof(profiles));
    }

    public Task WriteAsync(HttpContext context, SyncAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(answer);
        var profile = ProfileOf(context);
        var fields = FieldsAtFault(answer, profile);
        var response = context.Response;
        if (profile?.Options.ErrorUrl is { Length: > 0 } errorUrl)
        {
            response.StatusCode = StatusCodes.Status303SeeOther;
            response.Headers.Location = FailureRedirect.Location(errorUrl, answer, fields.Select(f => f.Key).ToList());
            return Task.CompletedTask;
        }

        response.StatusCode = answer.Status;
        response.ContentType = FailurePage.ContentType;
        response.Headers.ContentSecurityPolicy = FailurePage.ContentSecurityPolicy;
        return response.WriteAsync(FailurePage.Render(answer, fields, BackLink(context.Request, profile)), context.RequestAborted);
    }

    private Profile? ProfileOf(HttpContext context) =>
        ProfileRoutes.TryGetProfileName(context, out var name) && _profiles.Current.TryGet(name, out var profile) ? profile : null;

    /// <summary>The fields at fault that the profile itself names (its fields, guest id, key and token fields), in the answer's order.</summary>
    private static List<KeyValuePair<string, string[]>> FieldsAtFault(SyncAnswer answer, Profile? profile)
    {
        if (answer.Errors is not { Count: > 0 } errors || profile is null)
        {
            return [];
        }

        var options = profile.Options;
        return errors.Where(error => options.Fields.ContainsKey(error.Key)
                || error.Key == options.GuestIdField
                || error.Key == options.IdempotencyField
                || error.Key == profile.Binding.FieldName)
            .ToList();
    }

    /// <summary>
    /// The page the form was on, as origin and path (no query: it may hold anything), when the <c>Referer</c> is this
    /// gateway's own origin or one the profile allows; otherwise null.
    /// </summary>
    private static string? BackLink(HttpRequest request, Profile? profile)
    {
        var referer = request.Headers[HeaderNames.Referer];
        if (referer.Count != 1 || OriginList.Normalize(referer[0]) is not { } origin || !Uri.TryCreate(referer[0], UriKind.Absolute, out var page))
        {
            return null;
        }

        var own = OriginList.Normalize($"{request.Scheme}://{request.Host}");
        var trusted = string.Equals(origin, own, StringComparison.Ordinal) || (profile?.AllowedOrigins.Contains(origin) ?? false);
        return trusted ? origin + page.AbsolutePath : null;
    }
}
