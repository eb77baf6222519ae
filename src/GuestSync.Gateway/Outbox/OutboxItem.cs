namespace GuestSync.Gateway.Outbox;

/// <summary>A pending item as leased for delivery. <see cref="Version"/> is what was read: the store deletes the
/// item on completion only if no newer edit was merged into it since.</summary>
internal sealed record OutboxItem
{
    public required long Id { get; init; }

    public required string Org { get; init; }

    public required string Key { get; init; }

    public required string Profile { get; init; }

    public required string GuestId { get; init; }

    public required OutboxRequest Request { get; init; }

    /// <summary>The merge state: a JSON object of target -> accepted-at (UTC ticks). Opaque to the deliverer.</summary>
    public required string Targets { get; init; }

    /// <summary>Incremented by every merge; starts at 1.</summary>
    public required long Version { get; init; }

    public required DateTimeOffset FirstAcceptedAt { get; init; }

    public required DateTimeOffset LastAcceptedAt { get; init; }

    /// <summary>When an operator last requeued it from dead letters; <c>Delivery:MaxAge</c> counts from the later
    /// of this and <see cref="LastAcceptedAt"/>.</summary>
    public DateTimeOffset? RequeuedAt { get; init; }

    /// <summary>Deliveries tried so far (not counting the one this lease is for).</summary>
    public required int Attempts { get; init; }

    /// <summary>The gateway's correlation id of the first submission in this item.</summary>
    public required string FirstCorrelationId { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the latest submission merged into this item (the gateway's span that queued
    /// it), if it was traced; the delivery span links to it.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The status of the last attempt (0 = no answer), if any.</summary>
    public int? LastStatus { get; init; }

    public string? LastError { get; init; }

    /// <summary>Genesys's <c>ININ-Correlation-Id</c> of the last answer, if any.</summary>
    public string? LastGenesysCorrelationId { get; init; }

    /// <summary>The lease's owner and end, as taken.</summary>
    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>The time from which <c>Delivery:MaxAge</c> counts.</summary>
    public DateTimeOffset AgeBase => RequeuedAt is { } requeued && requeued > LastAcceptedAt ? requeued : LastAcceptedAt;
}
