using GuestSync.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Idempotency;

/// <summary>Checks <c>Idempotency:*</c> at start; every error names its setting and never prints the key.</summary>
internal sealed class IdempotencyOptionsValidator : IValidateOptions<IdempotencyOptions>
{
    public const int MinFingerprintKeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, IdempotencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Positive(errors, "Retention", options.Retention);
        Positive(errors, "Lease", options.Lease);
        Positive(errors, "SweepInterval", options.SweepInterval);
        Positive(errors, "InProgressRetryAfter", options.InProgressRetryAfter);
        FingerprintKey(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The HMAC key from <c>Idempotency:FingerprintKey(File)</c>, or null when none is set or it is not usable
    /// (the error added to <paramref name="errors"/>).</summary>
    public static byte[]? FingerprintKey(IdempotencyOptions options, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Setting = IdempotencyOptions.SectionName + ":FingerprintKey";
        if (SecretSetting.Read(Setting, options.FingerprintKey, options.FingerprintKeyFile, errors) is not { } text)
        {
            return null;
        }

        var key = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, key, out var length) || length < MinFingerprintKeyBytes)
        {
            errors.Add($"{Setting} must be base64 of at least {MinFingerprintKeyBytes} bytes (e.g. openssl rand -base64 32).");
            return null;
        }

        return key[..length];
    }

    private static void Positive(List<string> errors, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{IdempotencyOptions.SectionName}:{setting} must be a positive time span (e.g. 00:05:00).");
        }
    }
}
