using System.Security.Cryptography;
using GuestSync.Gateway.Configuration;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace GuestSync.Gateway.Security.Redaction;

/// <summary>Registers the redactors for the <see cref="GuestSyncTaxonomy"/> (YARP's lines, whose outgoing URLs name the guest, are kept out
/// of the logs by <see cref="Proxy.ProxyServiceCollectionExtensions"/>).</summary>
internal static class RedactionServiceCollectionExtensions
{
    public static IServiceCollection AddGuestSyncRedaction(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RedactionOptions.SectionName).Get<RedactionOptions>() ?? new RedactionOptions();
        var key = ResolveKey(options);
        services.AddRedaction(redaction =>
        {
            redaction.SetHmacRedactor(
                hmac =>
                {
                    hmac.Key = key;
                    hmac.KeyId = options.GuestIdHashKeyId;
                },
                new DataClassificationSet(GuestSyncTaxonomy.GuestId));
            redaction.SetFallbackRedactor<ErasingRedactor>();
        });
        services.AddSingleton<GuestLogIds>();
        return services;
    }

    private static string ResolveKey(RedactionOptions options)
    {
        var errors = new List<string>();
        var key = SecretSetting.Read($"{RedactionOptions.SectionName}:{nameof(options.GuestIdHashKey)}", options.GuestIdHashKey, options.GuestIdHashKeyFile, errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        if (string.IsNullOrEmpty(key))
        {
            return Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }

        Span<byte> decoded = stackalloc byte[key.Length];
        if (!Convert.TryFromBase64String(key, decoded, out var length) || length < 32)
        {
            throw new InvalidOperationException(
                $"{RedactionOptions.SectionName}:GuestIdHashKey must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`).");
        }

        return key;
    }
}
