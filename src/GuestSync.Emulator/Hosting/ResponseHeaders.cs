using System.Globalization;
using GuestSync.Emulator.Errors;

namespace GuestSync.Emulator.Hosting;

/// <summary>The headers Genesys puts on every answer, set in one place as the answer starts.</summary>
internal static class ResponseHeaders
{
    public static void Stamp(HttpResponse response, EmulatorRequest request)
    {
        response.Headers[GenesysHeaders.CorrelationId] = request.CorrelationId;
        if (request.RateLimit is { } window)
        {
            response.Headers[GenesysHeaders.RateLimitCount] = window.Count.ToString(CultureInfo.InvariantCulture);
            response.Headers[GenesysHeaders.RateLimitAllowed] = window.Allowed.ToString(CultureInfo.InvariantCulture);
            response.Headers[GenesysHeaders.RateLimitReset] = window.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }
}
