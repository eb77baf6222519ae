using System.Diagnostics.CodeAnalysis;
using GuestSync.Gateway.Configuration;

namespace GuestSync.Gateway.Genesys;

/// <summary>
/// Turns <see cref="GenesysOrgOptions"/> into a <see cref="GenesysOrg"/>, or says which settings are wrong.
/// Start-up validation and the live registry share it, so they never disagree.
/// </summary>
internal static class GenesysOrgResolver
{
    public static bool TryResolve(
        string name,
        GenesysOrgOptions options,
        [NotNullWhen(true)] out GenesysOrg? org,
        ICollection<string> errors)
    {
        org = null;
        var prefix = string.Equals(name, GenesysOptions.DefaultOrgName, StringComparison.OrdinalIgnoreCase)
            ? "Genesys:"
            : $"Genesys:Orgs:{name}:";
        var errorCount = errors.Count;

        // A region that is set must be known even when both hosts are overridden: a typo is never silently ignored.
        if (!string.IsNullOrWhiteSpace(options.Region) && !GenesysRegions.TryGetDomain(options.Region, out _))
        {
            errors.Add($"{prefix}Region '{options.Region.Trim()}' is not a Genesys Cloud region: use one of {string.Join(", ", GenesysRegions.Names)}.");
        }
        else if (string.IsNullOrWhiteSpace(options.Region)
            && (string.IsNullOrWhiteSpace(options.ApiBaseUrl) || string.IsNullOrWhiteSpace(options.LoginBaseUrl)))
        {
            errors.Add($"{prefix}Region is not set: set it to one of {string.Join(", ", GenesysRegions.Names)} (or set both {prefix}ApiBaseUrl and {prefix}LoginBaseUrl).");
        }

        var apiBase = ResolveBase(options.ApiBaseUrl, options.Region, "api", prefix + nameof(options.ApiBaseUrl), errors);
        var loginBase = ResolveBase(options.LoginBaseUrl, options.Region, "login", prefix + nameof(options.LoginBaseUrl), errors);

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            errors.Add($"{prefix}ClientId is not set: set it to the OAuth client-credentials client id of organization '{name}'.");
        }

        var secret = ReadSecret(options, prefix, errors);

        if (options.TokenRefreshMargin < TimeSpan.Zero)
        {
            errors.Add($"{prefix}TokenRefreshMargin must not be negative.");
        }

        if (options.TokenRequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}TokenRequestTimeout must be positive.");
        }

        if (options.TokenFailureBackoff <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}TokenFailureBackoff must be positive.");
        }

        foreach (var error in options.Resilience.Validate(prefix + "Resilience:"))
        {
            errors.Add(error);
        }

        if (errors.Count != errorCount || apiBase is null || loginBase is null || secret is null)
        {
            return false;
        }

        org = new GenesysOrg(name, apiBase, loginBase, options.ClientId!.Trim(), secret, options);
        return true;
    }

    private static Uri? ResolveBase(string? overrideUrl, string? region, string hostPrefix, string setting, ICollection<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(overrideUrl))
        {
            if (Uri.TryCreate(overrideUrl.Trim(), UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                return uri;
            }

            errors.Add($"{setting} must be an absolute http(s) URL.");
            return null;
        }

        // A missing or unknown region was reported once by the caller.
        return GenesysRegions.TryGetDomain(region, out var domain) ? new Uri($"https://{hostPrefix}.{domain}/") : null;
    }

    private static string? ReadSecret(GenesysOrgOptions options, string prefix, ICollection<string> errors)
    {
        var errorCount = errors.Count;
        var secret = SecretSetting.Read(prefix + nameof(options.ClientSecret), options.ClientSecret, options.ClientSecretFile, errors);
        if (secret is null && errors.Count == errorCount)
        {
            errors.Add($"{prefix}ClientSecret is not set: set it, or {prefix}ClientSecretFile to a file that holds it.");
        }

        return secret;
    }
}
