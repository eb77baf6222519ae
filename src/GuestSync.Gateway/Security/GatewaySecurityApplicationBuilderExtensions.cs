using GuestSync.Gateway.Security.Origins;

namespace GuestSync.Gateway.Security;

/// <summary>The security middleware, in the order it must run; one call from the gateway's composition.</summary>
public static class GatewaySecurityApplicationBuilderExtensions
{
    /// <summary>
    /// CORS for profile-sync routes (answers preflights from listed origins), then the cross-site origin check.
    /// Call after routing (WebApplication routes first) and before the reverse proxy is mapped.
    /// </summary>
    public static IApplicationBuilder UseGatewaySecurity(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCors();
        app.UseMiddleware<OriginGuardMiddleware>();
        return app;
    }
}
