namespace GuestSync.Gateway.Genesys;

/// <summary>
/// The one signal that may stop a send to Genesys, carried on <see cref="HttpRequestMessage.Options"/>. The
/// resilience pipeline is detached from the browser's connection (a departed visitor never cancels), so the caller
/// that owns the send says here when to give up: the live path at <c>Delivery:MaxWait</c> (then it queues), the
/// outbox deliverer when it stops or its lease ends. A request without it runs to the end of its budget.
/// </summary>
/// <param name="Token">Cancelled when the send must stop.</param>
/// <param name="By">
/// When known, a time by which <paramref name="Token"/> is certainly cancelled (the live path's <c>Delivery:MaxWait</c>):
/// a timeout that could only end the send later is not armed at all (<see cref="Resilience.GenesysResilienceHandler"/>).
/// </param>
internal readonly record struct SendStop(CancellationToken Token, DateTimeOffset? By = null)
{
    public static readonly HttpRequestOptionsKey<SendStop> OptionsKey = new("GuestSync.SendStop");

    /// <summary>The stop signal of <paramref name="request"/>; none when the caller set none.</summary>
    public static SendStop Of(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(OptionsKey, out var stop) ? stop : default;
    }

    /// <summary>True when this stop is certain to come no later than <paramref name="time"/>, so a timeout at that time could never fire first.</summary>
    public bool ComesBy(DateTimeOffset time) => By is { } by && by <= time;
}
