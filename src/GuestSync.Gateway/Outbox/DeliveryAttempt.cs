namespace GuestSync.Gateway.Outbox;

/// <summary>One try to deliver an item.</summary>
/// <param name="At">When the answer (or the failure) came.</param>
/// <param name="Status">Genesys's HTTP status; 0 when there was no answer.</param>
/// <param name="Error">A short reason without any personal value: an exception type name or a status text.</param>
/// <param name="GenesysCorrelationId">Genesys's <c>ININ-Correlation-Id</c>, when it answered.</param>
internal sealed record DeliveryAttempt(DateTimeOffset At, int Status, string? Error, string? GenesysCorrelationId);
