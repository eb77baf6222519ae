using GuestSync.Gateway.Configuration;

namespace GuestSync.Gateway.Encryption;

/// <summary>The <c>Encryption</c> settings as a <see cref="KeyRing"/>: the key set read (its file too) and checked.</summary>
internal sealed class KeySetCompiler : ISettingsCompiler<EncryptionOptions, KeyRing>
{
    public string Section => EncryptionOptions.SectionName;

    public KeyRing? Compile(EncryptionOptions options, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var ring = KeySetLoader.TryLoad(options, out var problems);
        errors.AddRange(problems);
        return ring;
    }

    public string Describe(KeyRing value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return $"encrypting with key {value.ActiveKey.KeyId} ({value.KeyIds.Count} key(s) in the set; active as named by {value.ActiveKeyNamedBy})";
    }
}
