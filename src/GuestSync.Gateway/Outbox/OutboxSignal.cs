namespace GuestSync.Gateway.Outbox;

/// <summary>Wakes the deliverer when something was queued, so a backlog does not wait for the poll timer.</summary>
internal sealed class OutboxSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes on the next <see cref="Notify"/>, after <paramref name="timeout"/>, or on cancellation.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var signalled = Volatile.Read(ref _next).Task;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout <= TimeSpan.Zero ? TimeSpan.Zero : timeout, timeProvider, stop.Token);
        await Task.WhenAny(signalled, delay);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
