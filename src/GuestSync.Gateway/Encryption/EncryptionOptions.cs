namespace GuestSync.Gateway.Encryption;

/// <summary>
/// Where the field-encryption keys come from (configuration section <c>Encryption</c>).
/// Set exactly one of <see cref="KeySet"/> and <see cref="KeySetFile"/>, and name the active key (<see cref="ActiveKeyId"/>
/// or the key set's own <c>"active"</c> member). The set is re-read on every configuration reload and, for a
/// <see cref="KeySetFile"/>, whenever the file's content changes, so a key can be added and made active without a restart.
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
    /// instead of <see cref="KeySet"/>. Read at start, on every configuration reload, and again whenever its content
    /// changes (checked every <see cref="KeySetPollInterval"/>, following symlinks, so a Kubernetes secret's
    /// <c>..data</c> swap is seen). Environment variable <c>Encryption__KeySetFile</c>. Default: not set.
    /// </summary>
    public string? KeySetFile { get; set; }

    /// <summary>
    /// The <c>kid</c> of the key that encrypts new values; the other keys stay in the set so values they
    /// encrypted remain decryptable. When set, it wins over the key set's optional top-level <c>"active"</c> member;
    /// leave it unset to switch the active key from the key set (file) alone. One of the two is required.
    /// Environment variable <c>Encryption__ActiveKeyId</c>. Default: not set.
    /// </summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>
    /// How often the content of <see cref="KeySetFile"/> is compared with the last read (a SHA-256 of the file, read
    /// through its symlinks); a change reloads the key set. The same interval polls the other reloadable secret files
    /// (<c>Genesys:ClientSecretFile</c> and per-org variants, <c>Profiles:&lt;name&gt;:Binding:SecretFile</c>/<c>JwksFile</c>).
    /// Between 00:00:00.100 and 01:00:00. Read at start.
    /// Environment variable <c>Encryption__KeySetPollInterval</c>. Default: 00:00:05.
    /// </summary>
    public TimeSpan KeySetPollInterval { get; set; } = EncryptionConstants.DefaultKeySetPollInterval;

    /// <summary>
    /// After this many values encrypted with one key (counted per process since start), a warning is logged — again at
    /// every further multiple — saying to rotate. AES-GCM with random 96-bit nonces must stay well below 2^32 uses of a
    /// key (NIST SP 800-38D §8.3); the default 268435456 (2^28) is a sixteenth of that, leaving room for a fleet of
    /// instances and for restarts, which the per-process count does not see (the metric
    /// <c>guestsync.encryption.values</c>, summed over instances and time, does). Between 1 and 4294967296. Read at start.
    /// </summary>
    public long KeyUsageWarningAt { get; set; } = 1L << 28;
}
