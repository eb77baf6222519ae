using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GuestSync.Gateway.Fleet;

/// <summary><c>/readyz</c> entry <c>store</c>: whether the shared PostgreSQL store answers. While it is down the replica still
/// syncs live (it reports Degraded, so a load balancer keeps sending to it) but answers 503 to what it would queue.
/// Asks the database itself when the replica has not (a quiet replica also notices the recovery).</summary>
internal sealed class FleetStoreReadinessCheck(NpgsqlDataSource dataSource, FleetStoreHealth health, IOptions<FleetOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await health.TryValueAsync(
            async ct =>
            {
                await using var command = dataSource.CreateCommand("SELECT 1");
                return await command.ExecuteScalarAsync(ct);
            },
            options.Value.StoreTimeout,
            cancellationToken);
        var data = new Dictionary<string, object> { ["store"] = health.IsDown ? "down" : "up" };
        return health.IsDown
            ? new HealthCheckResult(HealthStatus.Degraded, "The shared PostgreSQL store is unreachable: live sync only, nothing can be queued", data: data)
            : HealthCheckResult.Healthy("The shared PostgreSQL store answers", data);
    }
}
