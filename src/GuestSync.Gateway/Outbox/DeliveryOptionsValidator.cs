using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Outbox;

/// <summary>Checks <c>Delivery:*</c> at start, naming every setting to change.</summary>
internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Positive(errors, nameof(options.MaxWait), options.MaxWait);
        Positive(errors, nameof(options.MaxAge), options.MaxAge);
        Positive(errors, nameof(options.PollInterval), options.PollInterval);
        Positive(errors, nameof(options.RetryBaseDelay), options.RetryBaseDelay);
        if (options.LeaseDuration < TimeSpan.FromSeconds(10))
        {
            errors.Add($"Delivery:LeaseDuration must be at least 00:00:10 (it bounds one send), not {options.LeaseDuration}.");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add($"Delivery:RetryMaxDelay ({options.RetryMaxDelay}) must not be shorter than Delivery:RetryBaseDelay ({options.RetryBaseDelay}).");
        }

        if (options.Concurrency is < 1 or > 64)
        {
            errors.Add($"Delivery:Concurrency must be between 1 and 64, not {options.Concurrency}.");
        }

        if (options.EnrichBatchSize is < 1 or > EnrichBatchSender.MaxBatchSize)
        {
            errors.Add($"Delivery:EnrichBatchSize must be between 1 (one request per item) and {EnrichBatchSender.MaxBatchSize} (the Genesys bulk limit), not {options.EnrichBatchSize}.");
        }

        if (options.MaxPending < 1)
        {
            errors.Add($"Delivery:MaxPending must be at least 1, not {options.MaxPending}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"Delivery:{setting} must be a positive time span (e.g. 00:00:05), not {value}.");
        }
    }
}
