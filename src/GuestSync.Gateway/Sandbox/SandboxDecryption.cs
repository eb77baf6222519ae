namespace GuestSync.Gateway.Sandbox;

/// <summary>A stored value read back in the sandbox: the plaintext, the key that opened it, and the field and guest its JWE header binds it to.</summary>
internal sealed record SandboxDecryption(string Plaintext, string KeyId, string Envelope, string? Field, string? GuestId);
