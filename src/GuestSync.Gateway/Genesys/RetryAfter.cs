namespace GuestSync.Gateway.Genesys;

/// <summary>
/// Reads <c>Retry-After</c> from a response's headers (never from an error text): delta-seconds or an
/// HTTP-date, in any header casing, as RFC 9110 allows.
/// </summary>
internal static class RetryAfter
{
    public static TimeSpan? Of(HttpResponseMessage response, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
