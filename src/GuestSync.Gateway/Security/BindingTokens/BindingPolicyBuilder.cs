using System.Text;
using GuestSync.Gateway.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Security.BindingTokens;

/// <summary>
/// Turns <see cref="GuestBindingOptions"/> into a <see cref="BindingPolicy"/>, collecting every configuration
/// error with the setting to change. Error messages never contain key material.
/// </summary>
internal static class BindingPolicyBuilder
{
    private static readonly string[] Hmac = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha384, SecurityAlgorithms.HmacSha512];

    private static readonly string[] Asymmetric =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Binding is on by default everywhere except the Testing environment and a Development sandbox. Development with
    /// live credentials (what a plain <c>dotnet run</c> with real settings is) requires it too, so a profile without keys
    /// fails the start there unless <c>Binding:Required</c> is set to false explicitly.
    /// </summary>
    public static bool RequiredByDefault(IHostEnvironment environment, bool sandbox) =>
        !(environment.IsEnvironment("Testing") || (environment.IsDevelopment() && sandbox));

    public static BindingPolicy Build(string prefix, GuestBindingOptions options, bool requiredByDefault, List<string> errors)
    {
        var required = options.Required ?? requiredByDefault;
        CheckNames(prefix, options, errors);
        var secret = ReadSecret(prefix, options, errors);
        var jwks = ReadJwks(prefix, options, errors);
        var hasKeys = secret is not null || jwks is { Count: > 0 };
        if (!hasKeys)
        {
            if (required)
            {
                errors.Add($"{prefix}:Required is true (the default except in Testing and the Development sandbox, and with live Genesys credentials in Development too) but no key is configured: " +
                    $"set {prefix}:Secret, {prefix}:SecretFile, {prefix}:Jwks or {prefix}:JwksFile, or set {prefix}:Required to false.");
            }

            return new BindingPolicy(required, options.FieldName, options.HeaderName, options.GuestClaim, options.MaxLifetime, null);
        }

        var algorithms = EffectiveAlgorithms(options, secret, jwks);
        CheckAlgorithms(prefix, algorithms, secret, jwks, errors);
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            errors.Add($"{prefix}:Issuer must name the site backend that mints the tokens (their 'iss').");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            errors.Add($"{prefix}:Audience must name this gateway (the tokens' 'aud').");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > MaxClockSkew)
        {
            errors.Add($"{prefix}:ClockSkew must be between 00:00:00 and 00:05:00 (default 00:00:30).");
        }

        if (options.MaxLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}:MaxLifetime must be positive (default 00:15:00).");
        }

        var keys = new List<SecurityKey>();
        if (secret is not null)
        {
            keys.Add(new SymmetricSecurityKey(secret));
        }

        keys.AddRange(jwks ?? []);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKeys = keys,
            ValidAlgorithms = algorithms,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            RequireAudience = true,
            TryAllIssuerSigningKeys = true,
            ClockSkew = options.ClockSkew,
            NameClaimType = options.GuestClaim,
        };
        return new BindingPolicy(required, options.FieldName, options.HeaderName, options.GuestClaim, options.MaxLifetime, parameters);
    }

    private static void CheckNames(string prefix, GuestBindingOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.GuestClaim))
        {
            errors.Add($"{prefix}:GuestClaim must name the claim holding the guest id (default 'sub').");
        }

        if (string.IsNullOrWhiteSpace(options.FieldName))
        {
            errors.Add($"{prefix}:FieldName must name the form field carrying the token (default 'bindingToken').");
        }

        if (string.IsNullOrWhiteSpace(options.HeaderName) || options.HeaderName.Any(c => c <= ' ' || c >= 127 || c == ':'))
        {
            errors.Add($"{prefix}:HeaderName must be an HTTP header name (default 'X-Guest-Binding').");
        }
    }

    private static List<string> EffectiveAlgorithms(GuestBindingOptions options, byte[]? secret, IList<JsonWebKey>? jwks)
    {
        if (options.Algorithms.Count > 0)
        {
            return [.. options.Algorithms];
        }

        var algorithms = new List<string>();
        if (secret is not null)
        {
            algorithms.Add(SecurityAlgorithms.HmacSha256);
        }

        if (jwks is { Count: > 0 })
        {
            algorithms.Add(SecurityAlgorithms.RsaSha256);
            algorithms.Add(SecurityAlgorithms.EcdsaSha256);
        }

        return algorithms;
    }

    private static void CheckAlgorithms(string prefix, List<string> algorithms, byte[]? secret, IList<JsonWebKey>? jwks, List<string> errors)
    {
        foreach (var algorithm in algorithms)
        {
            var hmacIndex = Array.IndexOf(Hmac, algorithm);
            if (hmacIndex >= 0)
            {
                var minimum = 32 + (16 * hmacIndex);
                if (secret is null || secret.Length < minimum)
                {
                    errors.Add($"{prefix}:Algorithms lists {algorithm}, which needs {prefix}:Secret (or SecretFile) of at least {minimum} bytes.");
                }
            }
            else if (Array.IndexOf(Asymmetric, algorithm) >= 0)
            {
                if (jwks is not { Count: > 0 })
                {
                    errors.Add($"{prefix}:Algorithms lists {algorithm}, which needs public keys in {prefix}:Jwks (or JwksFile).");
                }
            }
            else
            {
                errors.Add($"{prefix}:Algorithms may list only {string.Join(", ", Hmac.Concat(Asymmetric))}; 'none' and other values are refused.");
            }
        }
    }

    private static byte[]? ReadSecret(string prefix, GuestBindingOptions options, List<string> errors)
    {
        var text = SecretSetting.Read($"{prefix}:Secret", options.Secret, options.SecretFile, errors);
        if (text is null)
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length < 32)
        {
            errors.Add($"{prefix}:Secret must be at least 32 bytes of UTF-8 (it is {bytes.Length}); use e.g. 48 random bytes in base64.");
            return null;
        }

        return bytes;
    }

    private static List<JsonWebKey>? ReadJwks(string prefix, GuestBindingOptions options, List<string> errors)
    {
        var json = SecretSetting.Read($"{prefix}:Jwks", options.Jwks, options.JwksFile, errors);
        if (json is null)
        {
            return null;
        }

        try
        {
            var keys = new JsonWebKeySet(json).Keys.ToList();
            if (keys.Count == 0)
            {
                errors.Add($"{prefix}:Jwks must hold at least one key.");
            }

            foreach (var key in keys)
            {
                if (key.Kty is not (JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve))
                {
                    errors.Add($"{prefix}:Jwks may hold only RSA or EC public keys; put a shared secret in {prefix}:Secret.");
                }
                else if (key.D is not null || key.P is not null)
                {
                    errors.Add($"{prefix}:Jwks must hold public keys only: remove the private parts ('d', 'p', 'q', ...) of key '{key.Kid}'.");
                }
            }

            return keys;
        }
        catch (Exception exception) when (exception is ArgumentException or System.Text.Json.JsonException)
        {
            errors.Add($"{prefix}:Jwks is not a JSON Web Key Set ({{\"keys\": [...]}}).");
            return null;
        }
    }
}
