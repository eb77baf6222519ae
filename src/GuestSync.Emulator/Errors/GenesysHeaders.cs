namespace GuestSync.Emulator.Errors;

internal static class GenesysHeaders
{
    public const string CorrelationId = "ININ-Correlation-Id";
    public const string RateLimitCount = "inin-ratelimit-count";
    public const string RateLimitAllowed = "inin-ratelimit-allowed";
    public const string RateLimitReset = "inin-ratelimit-reset";
    public const string JsonContentType = "application/json";
}
