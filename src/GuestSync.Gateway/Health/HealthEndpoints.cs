using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GuestSync.Gateway.Health;

/// <summary><c>/healthz</c> (the process is up) and <c>/readyz</c> (Genesys is usable: tokens and breakers; the outbox: store and backlog per org).</summary>
internal static class HealthEndpoints
{
    public static IServiceCollection AddGatewayHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<GenesysReadinessCheck>("genesys", tags: [GenesysReadinessCheck.Tag])
            .AddCheck<OutboxReadinessCheck>("outbox", tags: [GenesysReadinessCheck.Tag]);
        return services;
    }

    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(GenesysReadinessCheck.Tag),
            ResponseWriter = WriteAsync,
        });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("status", report.Status.ToString());
            foreach (var entry in report.Entries)
            {
                writer.WriteStartObject(entry.Key);
                writer.WriteString("status", entry.Value.Status.ToString());
                foreach (var (key, value) in entry.Value.Data)
                {
                    writer.WriteString(key, value.ToString());
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(stream.ToArray()).AsTask();
    }
}
