using System.Security.Cryptography;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Genesys;

namespace GuestSync.Gateway.Sandbox;

/// <summary>Decides between live and sandbox from configuration, and writes the settings that point the gateway at the emulator.</summary>
internal static class SandboxSettings
{
    /// <summary>The settings that switch the gateway to a real organization, as environment variables.</summary>
    public const string LiveSettingsList =
        "Genesys__Region, Genesys__ClientId and Genesys__ClientSecret (or Genesys__ClientSecretFile), "
        + "Encryption__KeySet (or Encryption__KeySetFile) with Encryption__ActiveKeyId (or the set's \"active\" member), and outside Development each "
        + "profile's binding keys (Profiles__<name>__Binding__Issuer, __Audience and __Secret, __SecretFile, __Jwks or "
        + "__JwksFile); README \"Going live\" lists them";

    /// <summary>The OAuth client id the gateway uses with the sandbox emulator; the secret is random per start.</summary>
    public const string ClientId = "guestsync-sandbox";

    public static readonly string ProductionMessage =
        "GuestSync is starting in the Production environment without Genesys Cloud credentials, so it has nowhere to send "
        + $"profile updates. Set {LiveSettingsList}. To try the gateway without a Genesys account, run it in the Development "
        + "environment (ASPNETCORE_ENVIRONMENT=Development, as `dotnet run` does), which starts a local sandbox instead.";

    private static readonly string[] DefaultOrgConnectionSettings =
    [
        nameof(GenesysOrgOptions.Region),
        nameof(GenesysOrgOptions.ClientId),
        nameof(GenesysOrgOptions.ClientSecret),
        nameof(GenesysOrgOptions.ClientSecretFile),
        nameof(GenesysOrgOptions.ApiBaseUrl),
        nameof(GenesysOrgOptions.LoginBaseUrl),
    ];

    /// <summary>
    /// True when nothing about the default organization's connection is configured. A partly configured org
    /// (say a client id without a secret) is not a sandbox: start-up validation names what is missing.
    /// </summary>
    public static bool IsSandbox(IConfiguration configuration)
    {
        var genesys = configuration.GetSection(GenesysOptions.SectionName);
        return DefaultOrgConnectionSettings.All(setting => string.IsNullOrWhiteSpace(genesys[setting]));
    }

    /// <summary>True when no field-encryption key set is configured.</summary>
    public static bool HasNoKeySet(IConfiguration configuration)
    {
        var encryption = configuration.GetSection(EncryptionOptions.SectionName);
        return string.IsNullOrWhiteSpace(encryption[nameof(EncryptionOptions.KeySet)])
            && string.IsNullOrWhiteSpace(encryption[nameof(EncryptionOptions.KeySetFile)]);
    }

    /// <summary>The outbox's longest retry wait in the sandbox unless configured: 5 s, so the demo's outage ends visibly.</summary>
    public const string RetryMaxDelaySetting = "Delivery:RetryMaxDelay";
    public const string RetryMaxDelay = "00:00:05";

    /// <summary>A client secret for one run: 32 random bytes, hex.</summary>
    public static string NewClientSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The default org pointed at the emulator, and the sandbox key set when one is given.</summary>
    public static Dictionary<string, string?> For(Uri emulatorAddress, string clientSecret, SandboxKeySet? keys)
    {
        var prefix = GenesysOptions.SectionName + ":";
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [prefix + nameof(GenesysOrgOptions.ApiBaseUrl)] = emulatorAddress.ToString(),
            [prefix + nameof(GenesysOrgOptions.LoginBaseUrl)] = emulatorAddress.ToString(),
            [prefix + nameof(GenesysOrgOptions.ClientId)] = ClientId,
            [prefix + nameof(GenesysOrgOptions.ClientSecret)] = clientSecret,
        };
        foreach (var (key, value) in keys?.ToConfiguration() ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }
}
