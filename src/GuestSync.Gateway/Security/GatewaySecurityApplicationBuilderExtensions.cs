using GuestSync.Gateway.Security.Abuse;
using GuestSync.Gateway.Security.Headers;
using GuestSync.Gateway.Security.Origins;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Security;

/// <summary>The security middleware, in the order it must run; one call from the gateway's composition.</summary>
internal static class GatewaySecurityApplicationBuilderExtensions
{
    /// <summary>
    /// Security headers on every answer, forwarded headers from trusted proxies only, HSTS on HTTPS answers outside
    /// Development, CORS for profile-sync routes (answers preflights from listed
    /// origins), the per-client rate limit and concurrency cap, then the cross-site origin check.
    /// Call after routing (WebApplication routes first) and before the reverse proxy is mapped.
    /// </summary>
    public static IApplicationBuilder UseGatewaySecurity(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (app.ApplicationServices.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.IsConfigured)
        {
            app.UseForwardedHeaders();
        }

        if (!app.ApplicationServices.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseCors();
        app.UseRateLimiter();
        app.UseMiddleware<OriginGuardMiddleware>();
        return app;
    }
}
