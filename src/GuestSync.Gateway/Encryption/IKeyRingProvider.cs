namespace GuestSync.Gateway.Encryption;

/// <summary>The key ring in force now. It changes when a configuration reload brings a valid new key set.</summary>
internal interface IKeyRingProvider
{
    /// <summary>The current key ring; read it once per value so one value never mixes two rings.</summary>
    KeyRing Current { get; }
}
