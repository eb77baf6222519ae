using System.Net;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Security.Abuse;

/// <summary>Checks the rate limits and trusted proxies at start, naming the setting to change.</summary>
internal sealed class AbuseOptionsValidator : IValidateOptions<RateLimitOptions>, IValidateOptions<TrustedProxyOptions>
{
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        CheckWindow($"{RateLimitOptions.SectionName}:PerClient", options.PerClient, errors);
        CheckWindow($"{RateLimitOptions.SectionName}:PerGuest", options.PerGuest, errors);
        CheckTableSize($"{RateLimitOptions.SectionName}:MaxTrackedGuests", options.MaxTrackedGuests, 262_144, errors);
        CheckTableSize($"{RateLimitOptions.SectionName}:MaxTrackedClients", options.MaxTrackedClients, 65_536, errors);

        if (options.MaxConcurrentRequests < 1)
        {
            errors.Add($"{RateLimitOptions.SectionName}:MaxConcurrentRequests must be at least 1 (default 64).");
        }

        if (options.MaxConcurrentPerClient < 1)
        {
            errors.Add($"{RateLimitOptions.SectionName}:MaxConcurrentPerClient must be at least 1 (default 8).");
        }

        if (options.BodyReadTimeout <= TimeSpan.Zero || options.BodyReadTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{RateLimitOptions.SectionName}:BodyReadTimeout must be more than zero and at most 00:05:00 (default 00:00:10).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckTableSize(string setting, int size, int defaultSize, List<string> errors)
    {
        if (size is < WindowTable.Ways or > 16_777_216)
        {
            errors.Add($"{setting} must be between {WindowTable.Ways} and 16777216 (default {defaultSize}).");
        }
    }

    public ValidateOptionsResult Validate(string? name, TrustedProxyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                errors.Add($"{TrustedProxyOptions.SectionName}:KnownProxies:{i} must be an IP address such as 10.0.0.5.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                errors.Add($"{TrustedProxyOptions.SectionName}:KnownNetworks:{i} must be a network in CIDR form such as 10.0.0.0/8.");
            }
        }

        if (options.ForwardLimit < 1)
        {
            errors.Add($"{TrustedProxyOptions.SectionName}:ForwardLimit must be at least 1 (default 1).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckWindow(string prefix, WindowLimitOptions? window, List<string> errors)
    {
        if (window is null || window.PermitLimit < 1)
        {
            errors.Add($"{prefix}:PermitLimit must be at least 1.");
        }

        if (window is null || window.Window <= TimeSpan.Zero || window.Window > MaxWindow)
        {
            errors.Add($"{prefix}:Window must be more than zero and at most one day, e.g. 00:01:00.");
        }
    }
}
