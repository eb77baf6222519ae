using GuestSync.Emulator.RateLimiting;

namespace GuestSync.Emulator.OAuth;

/// <summary>An access token the emulator issued, with its own rate-limit window.</summary>
internal sealed class IssuedToken(string clientId, DateTimeOffset expiresAt)
{
    public string ClientId { get; } = clientId;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public RateLimitWindow RateWindow { get; } = new();
}
