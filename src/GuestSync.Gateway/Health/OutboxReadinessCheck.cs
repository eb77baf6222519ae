using System.Globalization;
using GuestSync.Gateway.Outbox;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Health;

/// <summary>
/// <c>/readyz</c> entry <c>outbox</c>: whether the store can be read (<c>store</c>: <c>ok</c>, <c>full</c> or
/// <c>unavailable</c>) and each organization's backlog (<c>&lt;org&gt;.depth</c>, <c>&lt;org&gt;.oldest_age_seconds</c>).
/// A backlog alone keeps the gateway ready (it accepts and queues); a full store is degraded (new guests get 503);
/// a store that cannot be read is unhealthy. Counts and ages only, never a guest id or a value.
/// </summary>
internal sealed class OutboxReadinessCheck : IHealthCheck
{
    private readonly IOutboxStore _store;
    private readonly DeliveryOptions _delivery;
    private readonly TimeProvider _timeProvider;

    public OutboxReadinessCheck(IOutboxStore store, IOptions<DeliveryOptions> delivery, TimeProvider timeProvider)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _delivery = delivery?.Value ?? throw new ArgumentNullException(nameof(delivery));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        try
        {
            var now = _timeProvider.GetUtcNow();
            long total = 0;
            foreach (var org in await _store.PendingOrgsAsync(cancellationToken))
            {
                var backlog = await _store.BacklogAsync(org, now, cancellationToken);
                data[$"{org}.depth"] = backlog.Depth;
                data[$"{org}.oldest_age_seconds"] = Math.Floor(backlog.OldestAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                total += backlog.Depth;
            }

            var full = total >= _delivery.MaxPending;
            data["store"] = full ? "full" : "ok";
            data["pending"] = total;
            return full
                ? new HealthCheckResult(HealthStatus.Degraded, "The outbox is full: new guests are answered 503", data: data)
                : new HealthCheckResult(HealthStatus.Healthy, "The outbox accepts submissions", data: data);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            data["store"] = "unavailable";
            return new HealthCheckResult(HealthStatus.Unhealthy, "The outbox cannot be read", data: data);
        }
    }
}
