namespace GuestSync.Gateway.Outbox;

/// <summary>How queued submissions are delivered (section <c>Delivery</c>).</summary>
internal sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>How long a visitor's post waits for the live attempt before it is queued and answered 202.
    /// Default 3 seconds; must stay inside the resilience budget.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A queued item older than this (since its last acceptance or requeue) becomes a dead letter
    /// <c>expired</c>. Default 24 hours.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a deliverer holds an item it is sending; a send is cancelled before its lease ends, so an
    /// item is never sent twice at once. Default 2 minutes (longer than the resilience budget of one send).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the deliverer looks for due items when nothing wakes it. Default 5 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Items of one organization sent at the same time. Default 4.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Queued contacts-enrich items of one organization sent in one bulk enrich request when more than one is due
    /// (<c>POST /api/v2/externalcontacts/bulk/contacts/enrich</c>). Default 10, the Genesys maximum; 1 sends one request per
    /// item.</summary>
    public int EnrichBatchSize { get; set; } = EnrichBatchSender.MaxBatchSize;

    /// <summary>Pending items (one per guest) the store holds; a new guest beyond it is answered 503. Default 100 000.</summary>
    public int MaxPending { get; set; } = 100_000;

    /// <summary>The first wait after a failure with no Retry-After; doubled per consecutive failure. Default 2 seconds.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between two tries with no Retry-After. Default 5 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);
}
