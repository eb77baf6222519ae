namespace GuestSync.Emulator;

/// <summary>An OAuth client the emulator's token endpoint accepts.</summary>
public sealed class EmulatorClient
{
    /// <summary>The client id sent in the Basic header. Default: <c>sandbox-client</c>.</summary>
    public string ClientId { get; set; } = "sandbox-client";

    /// <summary>The client secret sent in the Basic header. Default: <c>sandbox-secret</c>.</summary>
    public string ClientSecret { get; set; } = "sandbox-secret";

    /// <summary>
    /// Lifetime of the tokens issued to this client, in seconds. Default: 86 400 (Genesys's default;
    /// Genesys allows 300 to 172 800, the emulator accepts any positive value so tests can use short ones).
    /// </summary>
    public int TokenLifetimeSeconds { get; set; } = 86_400;
}
