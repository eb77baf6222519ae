namespace GuestSync.Gateway.Encryption;

/// <summary>Maps each <see cref="EncryptionEnvelope"/> to its encryptor.</summary>
internal sealed class FieldEncryptorResolver : IFieldEncryptorResolver
{
    private readonly JweFieldEncryptor _jwe;
    private readonly SeedCompatibleFieldEncryptor _seedCompatible;

    public FieldEncryptorResolver(JweFieldEncryptor jwe, SeedCompatibleFieldEncryptor seedCompatible)
    {
        ArgumentNullException.ThrowIfNull(jwe);
        ArgumentNullException.ThrowIfNull(seedCompatible);
        _jwe = jwe;
        _seedCompatible = seedCompatible;
    }

    public IFieldEncryptor GetEncryptor(EncryptionEnvelope envelope) => envelope switch
    {
        EncryptionEnvelope.Jwe => _jwe,
        EncryptionEnvelope.SeedCompatible => _seedCompatible,
        _ => throw new ArgumentOutOfRangeException(nameof(envelope), envelope, "Unknown encryption envelope."),
    };
}
