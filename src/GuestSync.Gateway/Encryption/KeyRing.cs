using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace GuestSync.Gateway.Encryption;

/// <summary>An immutable, validated key set: every key by its <c>kid</c>, and the active key that encrypts new values.</summary>
internal sealed class KeyRing
{
    private readonly FrozenDictionary<string, EncryptionKey> _keys;

    internal KeyRing(IReadOnlyList<EncryptionKey> keys, string activeKeyId)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(activeKeyId);

        _keys = keys.ToFrozenDictionary(key => key.KeyId, StringComparer.Ordinal);
        KeyIds = keys.Select(key => key.KeyId).ToArray();
        ActiveKey = _keys.TryGetValue(activeKeyId, out var active)
            ? active
            : throw new ArgumentException($"The active key '{activeKeyId}' is not in the key set.", nameof(activeKeyId));
    }

    /// <summary>The key that encrypts new values.</summary>
    public EncryptionKey ActiveKey { get; }

    /// <summary>The <c>kid</c> of every key, in key set order.</summary>
    public IReadOnlyList<string> KeyIds { get; }

    /// <summary>Finds the key a value's <c>kid</c> names (ordinal, case-sensitive).</summary>
    public bool TryGetKey(string keyId, [NotNullWhen(true)] out EncryptionKey? key) =>
        _keys.TryGetValue(keyId, out key);
}
