namespace GuestSync.Gateway.Idempotency;

/// <summary>
/// Where a key lives and what it stands for, both as SHA-256/HMAC digests: <see cref="Id"/> names (profile, guest, key),
/// so one site's keys cannot answer, collide with or probe another's; <see cref="Fingerprint"/> is the validated
/// submission. Neither holds a key, a guest id or a submitted value in plain text.
/// </summary>
internal sealed record IdempotencyScope(byte[] Id, byte[] Fingerprint);
