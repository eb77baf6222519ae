using GuestSync.Gateway.Encryption;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GuestSync.Gateway.Health;

/// <summary>
/// <c>/readyz</c> entry <c>encryption</c>: values encrypted per key in this process (operator view only), Degraded once a
/// key reached <c>Encryption:KeyUsageWarningAt</c> — time to rotate. Degraded still answers 200: the gateway works.
/// </summary>
internal sealed class KeyUsageReadinessCheck : IHealthCheck
{
    private readonly KeyUsage _usage;

    public KeyUsageReadinessCheck(KeyUsage usage)
    {
        _usage = usage ?? throw new ArgumentNullException(nameof(usage));
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["warningAt"] = _usage.WarningAt };
        var status = HealthStatus.Healthy;
        foreach (var (kid, count) in _usage.Counts)
        {
            data[$"{kid}.values"] = count;
            if (count >= _usage.WarningAt)
            {
                status = HealthStatus.Degraded;
            }
        }

        return Task.FromResult(new HealthCheckResult(status, status == HealthStatus.Healthy ? "Key usage well below the limit" : "Rotate the encryption key", data: data));
    }
}
