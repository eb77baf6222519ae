using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace GuestSync.Gateway.Encryption;

/// <summary>An immutable, validated key set: every key by its <c>kid</c>, and the active key that encrypts new values.</summary>
internal sealed class KeyRing
{
    private readonly FrozenDictionary<string, EncryptionKey> _keys;

    /// <param name="activeKeyNamedBy">What named the active key (a setting, or the key set itself), for logs.</param>
    internal KeyRing(IReadOnlyList<EncryptionKey> keys, string activeKeyId, string activeKeyNamedBy = "Encryption:ActiveKeyId")
    {
        ArgumentNullException.ThrowIfNull(activeKeyNamedBy);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(activeKeyId);

        _keys = keys.ToFrozenDictionary(key => key.KeyId, StringComparer.Ordinal);
        KeyIds = keys.Select(key => key.KeyId).ToArray();
        ActiveKeyNamedBy = activeKeyNamedBy;
        ActiveKey = _keys.TryGetValue(activeKeyId, out var active)
            ? active
            : throw new ArgumentException($"The active key '{activeKeyId}' is not in the key set.", nameof(activeKeyId));
    }

    /// <summary>What named the active key: <c>Encryption:ActiveKeyId</c> or the key set's <c>"active"</c> member. Never a secret.</summary>
    public string ActiveKeyNamedBy { get; }

    /// <summary>The key that encrypts new values.</summary>
    public EncryptionKey ActiveKey { get; }

    /// <summary>The <c>kid</c> of every key, in key set order.</summary>
    public IReadOnlyList<string> KeyIds { get; }

    /// <summary>Finds the key a value's <c>kid</c> names (ordinal, case-sensitive).</summary>
    public bool TryGetKey(string keyId, [NotNullWhen(true)] out EncryptionKey? key) =>
        _keys.TryGetValue(keyId, out key);
}
