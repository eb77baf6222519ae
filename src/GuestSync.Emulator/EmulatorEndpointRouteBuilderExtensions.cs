using GuestSync.Emulator.Admin;
using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.Contacts;
using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Guests;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.OAuth;

namespace GuestSync.Emulator;

/// <summary>Maps the emulator's endpoints: login and API on one base address.</summary>
public static class EmulatorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>/oauth/token</c>, <c>/api/v2/guests/{guestId}</c>, <c>/api/v2/externalcontacts/contacts/{contactId}</c>,
    /// the <c>/admin</c> API when enabled, and a fallback that answers any other path 404 in the Genesys error shape.
    /// </summary>
    public static IEndpointRouteBuilder MapGenesysEmulator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var pipeline = services.GetRequiredService<EmulatorRequestPipeline>();

        endpoints.Map(TokenEndpoint.Route, pipeline.Wrap(services.GetRequiredService<TokenEndpoint>().HandleAsync));
        endpoints.Map(GuestEndpoints.Route, pipeline.Wrap(services.GetRequiredService<GuestEndpoints>().HandleAsync));
        endpoints.Map(ContactEndpoints.Route, pipeline.Wrap(services.GetRequiredService<ContactEndpoints>().HandleAsync));
        if (services.GetRequiredService<EmulatorSettings>().AdminApiEnabled)
        {
            services.GetRequiredService<AdminEndpoints>().Map(endpoints, pipeline);
        }

        endpoints.MapFallback("{**path}", pipeline.Wrap(static (http, request) => GenesysErrors.WriteAsync(
            http, request, StatusCodes.Status404NotFound, GenesysErrorCodes.NotFound, "The requested resource was not found.")));
        return endpoints;
    }
}
