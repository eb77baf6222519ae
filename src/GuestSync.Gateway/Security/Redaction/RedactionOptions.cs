namespace GuestSync.Gateway.Security.Redaction;

/// <summary>How guest ids are hashed for logs (<c>Security:Redaction</c>).</summary>
internal sealed class RedactionOptions
{
    public const string SectionName = "Security:Redaction";

    /// <summary>
    /// Base64 HMAC key (at least 32 bytes) for guest ids in logs. Set it (or <see cref="GuestIdHashKeyFile"/>) to
    /// match one guest's lines across restarts and instances. Default: a random key per process.
    /// </summary>
    public string? GuestIdHashKey { get; set; }

    /// <summary>A file holding <see cref="GuestIdHashKey"/>. Default none.</summary>
    public string? GuestIdHashKeyFile { get; set; }

    /// <summary>Written in front of every hash, so hashes made with different keys are told apart. Default 1.</summary>
    public int GuestIdHashKeyId { get; set; } = 1;
}
