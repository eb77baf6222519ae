namespace GuestSync.Emulator.RateLimiting;

/// <summary>
/// A token's window as Genesys reports it in <c>inin-ratelimit-count</c> (requests counted in the window),
/// <c>inin-ratelimit-allowed</c> (the window's limit) and <c>inin-ratelimit-reset</c> (whole seconds until it ends).
/// </summary>
internal readonly record struct RateLimitState(int Count, int Allowed, int ResetSeconds);
