using GuestSync.Gateway.Outbox;
using Microsoft.Extensions.Logging;

namespace GuestSync.Gateway.Tests.Outbox;

/// <summary>The store contract on SQLite: one temporary file per store.</summary>
public sealed class SqliteOutboxStoreContractTests : OutboxStoreContractTests
{
    private readonly List<(OutboxStoreFile File, SqliteOutboxStore Store)> _stores = [];

    public override Task DisposeAsync()
    {
        foreach (var (file, store) in _stores)
        {
            store.Dispose();
            file.Dispose();
        }

        return Task.CompletedTask;
    }

    private protected override async Task<IOutboxStore> CreateStoreAsync(TimeProvider time, int maxPending, ILogger? logger)
    {
        var file = new OutboxStoreFile();
        var store = await file.OpenAsync(time, maxPending, logger is null ? null : new Logger<SqliteOutboxStore>(new SingleLoggerFactory(logger)));
        _stores.Add((file, store));
        return store;
    }

    private protected override async Task<IOutboxStore> RestartAsync(TimeProvider time)
    {
        var (file, first) = _stores[0];
        first.Dispose();
        var store = await file.OpenAsync(time);
        _stores.Add((file, store));
        return store;
    }

    private protected override Task<byte[]> RawStoredBytesAsync() => Task.FromResult(_stores[0].File.RawBytes());

    private sealed class SingleLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
