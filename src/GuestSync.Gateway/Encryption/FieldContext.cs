namespace GuestSync.Gateway.Encryption;

/// <summary>
/// Where an encrypted value is going. The JWE envelope binds both into its protected header, so a
/// backend can tell when a ciphertext was moved to another field or another guest.
/// </summary>
/// <param name="TargetPath">The upstream field the value is written to, e.g. <c>/email</c> or <c>$.workEmail</c>.</param>
/// <param name="GuestId">The guest (or contact) the value belongs to.</param>
internal readonly record struct FieldContext(string TargetPath, string GuestId);
