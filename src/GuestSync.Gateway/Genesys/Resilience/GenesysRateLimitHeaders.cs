using System.Globalization;

namespace GuestSync.Gateway.Genesys.Resilience;

/// <summary>
/// The window Genesys reports on its answers: <c>inin-ratelimit-allowed</c> (the window's limit),
/// <c>inin-ratelimit-count</c> (requests used in it) and <c>inin-ratelimit-reset</c> (seconds until it resets).
/// </summary>
internal readonly record struct GenesysRateLimitHeaders(int Allowed, int Count, TimeSpan Reset)
{
    public const string AllowedHeader = "inin-ratelimit-allowed";
    public const string CountHeader = "inin-ratelimit-count";
    public const string ResetHeader = "inin-ratelimit-reset";

    /// <summary>Requests still allowed in the window, never negative.</summary>
    public int Remaining => Math.Max(0, Allowed - Count);

    /// <summary>Reads the three headers; false unless all three are present and well-formed.</summary>
    public static bool TryRead(HttpResponseMessage response, out GenesysRateLimitHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(response);
        headers = default;
        if (!TryReadInt(response, AllowedHeader, out var allowed) || allowed <= 0
            || !TryReadInt(response, CountHeader, out var count)
            || !TryReadInt(response, ResetHeader, out var reset))
        {
            return false;
        }

        headers = new GenesysRateLimitHeaders(allowed, count, TimeSpan.FromSeconds(reset));
        return true;
    }

    /// <remarks>
    /// Read through <see cref="System.Net.Http.Headers.HttpHeaders.NonValidated"/>: these headers have no parser, so the
    /// validated view would return the same first value, after copying every value into a new array and recording them as
    /// parsed. This runs on every answer.
    /// </remarks>
    private static bool TryReadInt(HttpResponseMessage response, string name, out int value)
    {
        value = 0;
        if (!response.Headers.NonValidated.TryGetValues(name, out var values))
        {
            return false;
        }

        foreach (var text in values)
        {
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        return false;
    }
}
