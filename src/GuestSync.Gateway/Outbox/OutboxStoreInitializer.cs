namespace GuestSync.Gateway.Outbox;

/// <summary>Opens the store (creating or checking its schema) before the host starts serving: a corrupt or
/// unreadable store fails the start, naming the file and <c>ConnectionStrings:GuestSync</c>.</summary>
internal sealed class OutboxStoreInitializer(IOutboxStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
