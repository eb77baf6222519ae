using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Tests.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuestSync.Gateway.Tests.Outbox;

/// <summary>The store contract on PostgreSQL: one fresh database per store, on the test run's cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresOutboxStoreContractTests(PostgresClusterFixture cluster) : OutboxStoreContractTests
{
    private readonly List<PostgresTestDatabase> _databases = [];

    public override async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    private protected override async Task<IOutboxStore> CreateStoreAsync(TimeProvider time, int maxPending, ILogger? logger)
    {
        var database = await PostgresTestDatabase.CreateAsync(cluster, migrate: false);
        _databases.Add(database);
        var store = new PostgresOutboxStore(database.NewReplica(), maxPending, time, logger is null ? NullLogger<PostgresOutboxStore>.Instance : new ForwardingLogger(logger));
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private protected override async Task<IOutboxStore> RestartAsync(TimeProvider time)
    {
        // A new replica process: its own pool, the same database.
        var store = new PostgresOutboxStore(_databases[0].NewReplica(), 1000, time, NullLogger<PostgresOutboxStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private protected override Task<byte[]> RawStoredBytesAsync() => _databases[0].RawOutboxBytesAsync();

    private sealed class ForwardingLogger(ILogger inner) : ILogger<PostgresOutboxStore>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
