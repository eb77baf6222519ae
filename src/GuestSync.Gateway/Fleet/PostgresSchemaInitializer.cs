using GuestSync.Gateway.Postgres;
using Npgsql;

namespace GuestSync.Gateway.Fleet;

/// <summary>Creates or migrates the shared schema before the host serves (safe when several replicas start at once);
/// a database it cannot use fails the start with <see cref="PostgresStoreStartException"/> naming
/// <c>ConnectionStrings:GuestSync</c>, never the password.</summary>
internal sealed class PostgresSchemaInitializer(NpgsqlDataSource dataSource) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => PostgresSchema.MigrateAsync(dataSource, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
