using GuestSync.Emulator.Admin;
using GuestSync.Emulator.Configuration;
using GuestSync.Emulator.Documents;
using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.OAuth;

namespace GuestSync.Emulator;

/// <summary>Maps the emulator's endpoints: login and API on one base address.</summary>
public static class EmulatorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>/oauth/token</c>, <c>/api/v2/guests/{id}</c>, the external-contact endpoints,
    /// the <c>/admin</c> API when enabled, and a fallback that answers any other path 404 in the Genesys error shape.
    /// </summary>
    public static IEndpointRouteBuilder MapGenesysEmulator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var pipeline = services.GetRequiredService<EmulatorRequestPipeline>();

        endpoints.Map(TokenEndpoint.Route, pipeline.Wrap(services.GetRequiredService<TokenEndpoint>().HandleAsync));
        foreach (var resource in services.GetServices<IDocumentResource>())
        {
            var endpoint = new DocumentEndpoint(resource, services.GetRequiredService<ApiAccess>(), services.GetRequiredService<ILogger<DocumentEndpoint>>());
            endpoints.Map(resource.Route, pipeline.Wrap(endpoint.HandleAsync));
        }

        foreach (var operation in services.GetServices<IApiOperation>())
        {
            var endpoint = new OperationEndpoint(operation, services.GetRequiredService<ApiAccess>(), services.GetRequiredService<ILogger<OperationEndpoint>>());
            endpoints.Map(operation.Route, pipeline.Wrap(endpoint.HandleAsync));
        }

        if (services.GetRequiredService<EmulatorSettings>().AdminApiEnabled)
        {
            services.GetRequiredService<AdminEndpoints>().Map(endpoints, pipeline);
        }

        endpoints.MapFallback("{**path}", pipeline.Wrap(static (http, request) => GenesysErrors.WriteAsync(
            http, request, StatusCodes.Status404NotFound, GenesysErrorCodes.NotFound, "The requested resource was not found.")));
        return endpoints;
    }
}
