namespace GuestSync.Emulator.Configuration;

/// <summary>A configured OAuth client, as the token endpoint uses it.</summary>
internal sealed record ClientRegistration(string ClientId, string ClientSecret, TimeSpan TokenLifetime);
