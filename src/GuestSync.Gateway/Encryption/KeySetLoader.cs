using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using GuestSync.Gateway.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace GuestSync.Gateway.Encryption;

/// <summary>
/// Reads and validates the configured key set into a <see cref="KeyRing"/>, collecting every problem.
/// Messages name the setting to change and the kids involved; they never contain key material, and
/// never the text of a parser exception (IdentityModel and System.Text.Json quote the input).
/// </summary>
internal static class KeySetLoader
{
    private const string KeySetSetting = "Encryption:KeySet";
    private const string KeySetFileSetting = "Encryption:KeySetFile";
    private const string ActiveKeyIdSetting = "Encryption:ActiveKeyId";
    private const string ActiveMember = "active";

    /// <summary>The key published in the original service-worker tutorial: public, so never a secret.</summary>
    private static ReadOnlySpan<byte> TutorialPlaceholderKey => "PRODUCTION-MASTER-SECRET-32CHARS"u8;

    /// <summary>Returns the ring, or null with at least one error.</summary>
    public static KeyRing? TryLoad(EncryptionOptions options, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        errors = problems;

        var json = ReadKeySet(options, problems, out var source);
        if (json is null || !IsJwksShape(json, source, problems, out var namedInSet))
        {
            return null;
        }

        JsonWebKeySet keySet;
        try
        {
            keySet = new JsonWebKeySet(json);
        }
        catch (ArgumentException)
        {
            problems.Add($"{source} is not a valid JWKS document: every key needs string members \"kty\", \"kid\" and \"k\".");
            return null;
        }

        var keys = ReadKeys(keySet, source, problems);
        var active = ChooseActiveKey(options.ActiveKeyId, namedInSet, keySet, source, problems);
        return problems.Count == 0 ? new KeyRing(keys, active.KeyId!, active.NamedBy) : null;
    }

    private static string? ReadKeySet(EncryptionOptions options, List<string> problems, out string source)
    {
        source = string.IsNullOrWhiteSpace(options.KeySetFile) ? KeySetSetting : $"{KeySetFileSetting} '{options.KeySetFile}'";
        var problemCount = problems.Count;
        var json = SecretSetting.Read(KeySetSetting, options.KeySet, options.KeySetFile, problems);
        if (json is null && problems.Count == problemCount)
        {
            problems.Add($"No encryption key set is configured: set {KeySetSetting} (a JWKS JSON document) or {KeySetFileSetting} (the path of a file holding one), and {ActiveKeyIdSetting} (or the set's \"{ActiveMember}\" member).");
        }

        return json;
    }

    private static bool IsJwksShape(string json, string source, List<string> problems, out string? active)
    {
        active = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("keys", out var keys)
                || keys.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{source} is not a JWKS document: expected {{\"keys\":[{{\"kty\":\"oct\",\"kid\":\"…\",\"k\":\"…\"}}]}}.");
                return false;
            }

            if (keys.GetArrayLength() == 0)
            {
                problems.Add($"{source} contains no keys.");
                return false;
            }

            if (keys.EnumerateArray().Any(key => key.ValueKind != JsonValueKind.Object))
            {
                problems.Add($"{source} has an entry in \"keys\" that is not a JSON object.");
                return false;
            }

            return TryReadActive(root, source, problems, out active);
        }
        catch (JsonException ex)
        {
            // The position only: the exception's message quotes the offending input.
            problems.Add($"{source} is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
            return false;
        }
    }

    private static List<EncryptionKey> ReadKeys(JsonWebKeySet keySet, string source, List<string> problems)
    {
        var keys = new List<EncryptionKey>(keySet.Keys.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < keySet.Keys.Count; index++)
        {
            var jwk = keySet.Keys[index];
            if (ReadKey(jwk, index, source, problems) is not { } key)
            {
                continue;
            }

            if (!seen.Add(key.KeyId))
            {
                problems.Add($"{source}: kid '{key.KeyId}' appears more than once; every kid must be unique.");
                continue;
            }

            keys.Add(key);
        }

        return keys;
    }

    private static EncryptionKey? ReadKey(JsonWebKey jwk, int index, string source, List<string> problems)
    {
        if (string.IsNullOrEmpty(jwk.Kid))
        {
            problems.Add($"{source}: key #{index + 1} has no \"kid\"; every key needs a unique kid.");
            return null;
        }

        var name = $"{source}: key '{jwk.Kid}'";
        if (jwk.Kid.Length > EncryptionConstants.MaxKeyIdLength)
        {
            problems.Add($"{name} has a kid longer than {EncryptionConstants.MaxKeyIdLength} characters.");
            return null;
        }

        if (!JweHeaderText.IsVerbatim(jwk.Kid))
        {
            problems.Add($"{name} has a kid with characters a JWE header must escape; use printable ASCII without '\"', '\\', '&', ''', '+', '<', '>' or '`'.");
            return null;
        }

        if (!string.Equals(jwk.Kty, JsonWebAlgorithmsKeyTypes.Octet, StringComparison.Ordinal))
        {
            problems.Add($"{name} has kty '{jwk.Kty}'; only \"oct\" (symmetric) keys are supported.");
            return null;
        }

        if (string.IsNullOrEmpty(jwk.K) || !Base64Url.IsValid(jwk.K, out var length))
        {
            problems.Add($"{name} has no \"k\" or a \"k\" that is not base64url.");
            return null;
        }

        if (length != EncryptionConstants.KeySizeBytes)
        {
            problems.Add($"{name} is {length} bytes; AES-256-GCM needs {EncryptionConstants.KeySizeBytes}-byte (256-bit) keys.");
            return null;
        }

        var material = Base64Url.DecodeFromChars(jwk.K);
        if (CryptographicOperations.FixedTimeEquals(material, TutorialPlaceholderKey))
        {
            problems.Add($"{name} is the placeholder key published in the original tutorial; generate a new random 32-byte key.");
            return null;
        }

        return new EncryptionKey(jwk.Kid, material);
    }

    /// <summary>The optional top-level <c>"active"</c> member: the kid of the key that encrypts, named by the set itself.</summary>
    private static bool TryReadActive(JsonElement root, string source, List<string> problems, out string? active)
    {
        active = null;
        if (!root.TryGetProperty(ActiveMember, out var member))
        {
            return true;
        }

        if (member.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(member.GetString()))
        {
            problems.Add($"{source} has an \"{ActiveMember}\" member that is not a kid; it must be the kid (a string) of one of its keys.");
            return false;
        }

        active = member.GetString();
        return true;
    }

    /// <summary>
    /// <c>Encryption:ActiveKeyId</c> when set, else the set's own <c>"active"</c>. An <c>"active"</c> naming no key of
    /// its set is an error even when the setting wins: the document is wrong either way.
    /// </summary>
    private static (string? KeyId, string NamedBy) ChooseActiveKey(string? setting, string? namedInSet, JsonWebKeySet keySet, string source, List<string> problems)
    {
        // Kids of every entry, valid or not: a rejected active key is reported once, by its own error.
        var kids = keySet.Keys.Select(key => key.Kid).Where(kid => !string.IsNullOrEmpty(kid)).Distinct(StringComparer.Ordinal).ToList();
        var present = kids.Count == 0 ? "none" : string.Join(", ", kids);
        if (namedInSet is not null && !kids.Contains(namedInSet, StringComparer.Ordinal))
        {
            var named = namedInSet.Length <= EncryptionConstants.MaxKeyIdLength && JweHeaderText.IsVerbatim(namedInSet) ? $"'{namedInSet}'" : "a value that is no kid";
            problems.Add($"{source} names {named} as \"{ActiveMember}\", which is not one of its kids; the kids present are: {present}.");
        }

        if (!string.IsNullOrWhiteSpace(setting))
        {
            if (!kids.Contains(setting, StringComparer.Ordinal))
            {
                problems.Add($"{ActiveKeyIdSetting} '{setting}' is not in {source}; the kids present are: {present}.");
            }

            var overridden = namedInSet is not null && !string.Equals(namedInSet, setting, StringComparison.Ordinal)
                ? $", which overrides the key set's \"{ActiveMember}\" {namedInSet}"
                : "";
            return (setting, ActiveKeyIdSetting + overridden);
        }

        if (namedInSet is null)
        {
            problems.Add($"{ActiveKeyIdSetting} is not set and {source} has no \"{ActiveMember}\" member; set one of them to the kid of the key that encrypts (kids in {source}: {present}).");
        }

        return (namedInSet, $"the key set's \"{ActiveMember}\"");
    }
}
