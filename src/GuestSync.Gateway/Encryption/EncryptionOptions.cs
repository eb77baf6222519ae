namespace GuestSync.Gateway.Encryption;

/// <summary>
/// Where the field-encryption keys come from (configuration section <c>Encryption</c>).
/// Set exactly one of <see cref="KeySet"/> and <see cref="KeySetFile"/>, and <see cref="ActiveKeyId"/>.
/// The set is re-read on every configuration reload, so a key can be added and made active without a restart.
/// </summary>
public sealed class EncryptionOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Encryption";

    /// <summary>
    /// The key set as a JWKS JSON document: <c>{"keys":[{"kty":"oct","kid":"2025-01","k":"&lt;base64url of 32 random bytes&gt;"}]}</c>.
    /// Every key is <c>kty</c> <c>oct</c>, 256 bits, with a unique <c>kid</c> of at most 64 characters.
    /// Environment variable <c>Encryption__KeySet</c>. Default: not set.
    /// </summary>
    public string? KeySet { get; set; }

    /// <summary>
    /// Path to a file holding the JWKS JSON document (e.g. a mounted container or Kubernetes secret),
    /// instead of <see cref="KeySet"/>. Read at start and on every configuration reload.
    /// Environment variable <c>Encryption__KeySetFile</c>. Default: not set.
    /// </summary>
    public string? KeySetFile { get; set; }

    /// <summary>
    /// The <c>kid</c> of the key that encrypts new values; the other keys stay in the set so values they
    /// encrypted remain decryptable. Environment variable <c>Encryption__ActiveKeyId</c>. Default: not set (required).
    /// </summary>
    public string? ActiveKeyId { get; set; }
}
