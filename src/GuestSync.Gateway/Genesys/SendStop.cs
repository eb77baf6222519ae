namespace GuestSync.Gateway.Genesys;

/// <summary>
/// The one signal that may stop a send to Genesys, carried on <see cref="HttpRequestMessage.Options"/>. The
/// resilience pipeline is detached from the browser's connection (a departed visitor never cancels), so the caller
/// that owns the send says here when to give up: the live path at <c>Delivery:MaxWait</c> (then it queues), the
/// outbox deliverer when it stops or its lease ends. A request without it runs to the end of its budget.
/// </summary>
internal static class SendStop
{
    public static readonly HttpRequestOptionsKey<CancellationToken> OptionsKey = new("GuestSync.SendStop");

    /// <summary>The stop signal of <paramref name="request"/>; none when the caller set none.</summary>
    public static CancellationToken Of(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(OptionsKey, out var stop) ? stop : CancellationToken.None;
    }
}
