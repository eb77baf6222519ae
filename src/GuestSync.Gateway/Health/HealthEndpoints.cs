using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GuestSync.Gateway.Health;

/// <summary>
/// <c>/healthz</c> (the process is up) and <c>/readyz</c> (every check tagged <see cref="ReadyTag"/>: Genesys tokens and breakers,
/// key usage, the outbox's store and backlog per org). <c>/readyz</c> is
/// public: anyone gets the summary — the overall status and each check's status by check name — and only a request
/// carrying <c>Health:OperatorKey</c> gets each check's data (organization names, token and breaker states, key usage).
/// The writer knows no check: any entry (e.g. an outbox or store check) gets the same public/operator split.
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>The tag of checks that decide readiness.</summary>
    public const string ReadyTag = GenesysReadinessCheck.Tag;

    public static IServiceCollection AddGatewayHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.SectionName));
        services.AddSingleton<ReadinessAccess>();
        services.AddHealthChecks()
            .AddCheck<GenesysReadinessCheck>("genesys", tags: [ReadyTag])
            .AddCheck<KeyUsageReadinessCheck>("encryption", tags: [ReadyTag])
            .AddCheck<OutboxReadinessCheck>("outbox", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        // Resolved now, so a bad operator key fails the start rather than the first probe.
        _ = endpoints.ServiceProvider.GetRequiredService<ReadinessAccess>();
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
        });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var detail = context.RequestServices.GetRequiredService<ReadinessAccess>().IsOperator(context.Request);
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Vary = "Authorization";
        return context.Response.Body.WriteAsync(Write(report, detail)).AsTask();
    }

    /// <summary>The summary, or with <paramref name="detail"/> the operator's view; generic over the report's entries.</summary>
    internal static byte[] Write(HealthReport report, bool detail)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("status", report.Status.ToString());
            foreach (var (name, entry) in report.Entries)
            {
                writer.WriteStartObject(name);
                writer.WriteString("status", entry.Status.ToString());
                if (detail)
                {
                    foreach (var (key, value) in entry.Data)
                    {
                        writer.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
