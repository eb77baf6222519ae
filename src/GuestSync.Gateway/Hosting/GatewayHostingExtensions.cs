using GuestSync.Gateway.Answers;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Fleet;
using GuestSync.Gateway.Genesys;
using GuestSync.Gateway.Health;
using GuestSync.Gateway.Idempotency;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Profiles;
using GuestSync.Gateway.Proxy;
using GuestSync.Gateway.Security;

namespace GuestSync.Gateway.Hosting;

/// <summary>The gateway's composition: what <c>Program.cs</c> calls, and nothing else.</summary>
internal static class GatewayHostingExtensions
{
    /// <summary>The address the gateway listens on unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> say otherwise.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>
    /// True when the operator said where to listen: <c>--urls</c>/<c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c> or
    /// <c>ASPNETCORE_HTTPS_PORTS</c> (the container's way, set by the .NET images), or <c>Kestrel:Endpoints</c>.
    /// </summary>
    internal static bool HasConfiguredAddress(IConfiguration configuration) =>
        new[] { "urls", "http_ports", "https_ports" }.Any(key => !string.IsNullOrWhiteSpace(configuration[key]))
        || configuration.GetSection("Kestrel:Endpoints").Exists();

    public static WebApplicationBuilder AddGuestSyncGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!HasConfiguredAddress(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        GatewayStartProblems.For(builder);
        try
        {
            ProxyConfigFile.AddTo(builder);
        }
        catch (GatewayStartException noRoutes)
        {
            // Listed with every other problem once the settings are checked.
            GatewayStartProblems.For(builder).Problems.Add(noRoutes.Message);
        }

        builder.AddSandboxWhenNoCredentials();
        builder.AddGatewayLogging();
        builder.AddGatewayMetricsScrape();

        var services = builder.Services;
        services.AddProblemDetails(options => options.CustomizeProblemDetails = problem =>
            problem.ProblemDetails.Extensions["correlationId"] = problem.HttpContext.TraceIdentifier);
        services.AddGatewayFleet(builder.Configuration);
        services.AddGenesysAccess(builder.Configuration);
        services.AddGatewayMetrics(builder.Configuration);
        services.AddGatewayEncryption(builder.Configuration);
        services.AddGatewayProfiles(builder.Configuration);
        services.AddGatewayIdempotency(builder.Configuration);
        services.AddProfileSyncProxy(builder.Configuration);
        services.AddGatewayOutbox(builder.Configuration);
        services.AddSingleton<IGenesysSender, GenesysOutboxSender>();
        services.AddGatewaySecurity(builder.Configuration);
        services.AddGatewayHealth(builder.Configuration);
        services.AddGatewayDemo(builder.Configuration);
        services.AddEdgeTraceContext();
        return builder;
    }

    /// <remarks>Throws a <see cref="GatewayStartException"/> listing every setting to fix when the start cannot go on.</remarks>
    public static WebApplication MapGuestSyncGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Every setting is checked here, together, before any endpoint reads one: one message lists all problems.
        GatewayStartCheck.Validate(app);
        ProxyConfigFile.LogLocation(app);
        if (app.Services.GetService<GuestSync.Gateway.Sandbox.SandboxRuntime>() is null)
        {
            GenesysStartLog.Write(app.Services, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GenesysStartLog).FullName!));
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseMiddleware<SubmissionLogMiddleware>();
        app.UseMiddleware<EdgeTraceContext.LinkMiddleware>();
        app.UseGatewaySecurity();
        app.MapGatewayHealth();
        app.MapGatewayMetricsScrape();
        app.MapSandboxDemo();
        app.MapReverseProxy();
        return app;
    }
}
