using GuestSync.Gateway.Configuration;

namespace GuestSync.Gateway.Encryption;

/// <summary>The key ring of the last good <c>Encryption</c> settings: a reload with a bad key set keeps the previous ring.</summary>
internal sealed class KeyRingProvider : IKeyRingProvider
{
    private readonly ReloadableSettings<EncryptionOptions, KeyRing> _settings;

    public KeyRingProvider(ReloadableSettings<EncryptionOptions, KeyRing> settings)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
    }

    public KeyRing Current => _settings.Current;
}
