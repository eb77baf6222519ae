namespace GuestSync.Emulator.Errors;

internal static class GenesysHeaders
{
    public const string CorrelationId = "ININ-Correlation-Id";
    public const string JsonContentType = "application/json";
}
