using System.Security.Cryptography;
using System.Text;
using GuestSync.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Health;

/// <summary>Who may see <c>/readyz</c> in detail (<c>Health:OperatorKey</c> / <c>Health:OperatorKeyFile</c>). Read at start.</summary>
internal sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// A secret that unlocks the operator's view of <c>/readyz</c> (per-check detail: organizations, token and breaker
    /// states, key usage) when sent as <c>Authorization: Bearer &lt;key&gt;</c>. At least 32 characters
    /// (<c>openssl rand -base64 32</c>). Default: not set, and then nobody gets the detail over HTTP.
    /// </summary>
    public string? OperatorKey { get; set; }

    /// <summary>A file holding <see cref="OperatorKey"/> (read whole, trimmed), instead of the inline value.</summary>
    public string? OperatorKeyFile { get; set; }
}

/// <summary>
/// Decides between the public summary of <c>/readyz</c> (overall status and each check's status, nothing else) and the
/// operator's view (each check's data too), by the operator key compared in constant time.
/// </summary>
internal sealed class ReadinessAccess
{
    private const int MinKeyLength = 32;
    private readonly byte[]? _keyHash;

    public ReadinessAccess(IOptions<HealthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var key = SecretSetting.Read($"{HealthOptions.SectionName}:{nameof(HealthOptions.OperatorKey)}", options.Value.OperatorKey, options.Value.OperatorKeyFile, errors);
        if (key is { Length: < MinKeyLength })
        {
            errors.Add($"{HealthOptions.SectionName}:{nameof(HealthOptions.OperatorKey)} must be at least {MinKeyLength} characters (e.g. openssl rand -base64 32).");
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(HealthOptions.SectionName, typeof(HealthOptions), errors);
        }

        _keyHash = key is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>Whether the request carries the operator key as a bearer token.</summary>
    public bool IsOperator(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_keyHash is null)
        {
            return false;
        }

        var authorization = request.Headers.Authorization;
        const string Bearer = "Bearer ";
        if (authorization.Count != 1 || authorization[0] is not { } value || !value.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(value[Bearer.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _keyHash);
    }
}
