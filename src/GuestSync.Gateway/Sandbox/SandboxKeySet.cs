using GuestSync.Gateway.Encryption;

namespace GuestSync.Gateway.Sandbox;

/// <summary>An ephemeral key set made by <see cref="SandboxKeys.Create"/>. Its string form names the kid only.</summary>
internal sealed class SandboxKeySet
{
    internal SandboxKeySet(string keySetJson, string activeKeyId)
    {
        KeySetJson = keySetJson;
        ActiveKeyId = activeKeyId;
    }

    /// <summary>The JWKS JSON document, for <see cref="EncryptionOptions.KeySet"/>. Holds the key: never log it.</summary>
    public string KeySetJson { get; }

    /// <summary>The kid of its only key, <c>sandbox-&lt;8 hex&gt;</c>, for <see cref="EncryptionOptions.ActiveKeyId"/>.</summary>
    public string ActiveKeyId { get; }

    /// <summary>The two settings as configuration entries (<c>Encryption:KeySet</c>, <c>Encryption:ActiveKeyId</c>).</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration() =>
    [
        new($"{EncryptionOptions.SectionName}:{nameof(EncryptionOptions.KeySet)}", KeySetJson),
        new($"{EncryptionOptions.SectionName}:{nameof(EncryptionOptions.ActiveKeyId)}", ActiveKeyId),
    ];

    /// <inheritdoc />
    public override string ToString() => $"sandbox key set {ActiveKeyId}";
}
