namespace GuestSync.Gateway.Idempotency;

/// <summary>Opens the idempotency store (creating or migrating its schema) before the host serves: an unusable store
/// fails the start, naming <c>ConnectionStrings:GuestSync</c>.</summary>
internal sealed class IdempotencyStoreInitializer(IIdempotencyStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
