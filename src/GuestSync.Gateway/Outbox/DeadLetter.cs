namespace GuestSync.Gateway.Outbox;

/// <summary>An item the outbox gave up on, with why. Kept until an operator requeues or purges it.</summary>
internal sealed record DeadLetter
{
    public required long Id { get; init; }

    public required string Org { get; init; }

    public required string Key { get; init; }

    public required string Profile { get; init; }

    public required string GuestId { get; init; }

    public required OutboxRequest Request { get; init; }

    /// <summary>The merge state, so a requeue merges by target like a new submission.</summary>
    public required string Targets { get; init; }

    /// <summary><c>expired</c>, or <c>status-&lt;code&gt;</c> for a permanent Genesys answer.</summary>
    public required string Reason { get; init; }

    public required DateTimeOffset DeadAt { get; init; }

    public required DateTimeOffset FirstAcceptedAt { get; init; }

    public required DateTimeOffset LastAcceptedAt { get; init; }

    public required int Attempts { get; init; }

    public required string FirstCorrelationId { get; init; }

    public int? LastStatus { get; init; }

    public string? LastError { get; init; }

    public string? LastGenesysCorrelationId { get; init; }
}
