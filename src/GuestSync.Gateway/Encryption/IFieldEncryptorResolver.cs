namespace GuestSync.Gateway.Encryption;

/// <summary>Gives the encryptor for the envelope a profile chose.</summary>
public interface IFieldEncryptorResolver
{
    /// <summary>The encryptor that writes <paramref name="envelope"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="envelope"/> is not a defined envelope.</exception>
    IFieldEncryptor GetEncryptor(EncryptionEnvelope envelope);
}
