using System.Collections.Concurrent;
using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace GuestSync.Gateway.Tests.Edge;

/// <summary>Neither the token client nor the API client follows a redirect: a login host's 307 never hands the gateway a foreign token.</summary>
public sealed class RedirectTests
{
    [Fact]
    public async Task Token_request_redirected_by_the_login_host_is_not_followed()
    {
        await using var foreign = await LoopbackApp.StartAsync(app => app.MapPost("/oauth/token", () =>
            Results.Json(new { access_token = "foreign-token", token_type = "bearer", expires_in = 86400 })));
        await using var login = await LoopbackApp.StartAsync(app => app.MapPost("/oauth/token", () =>
            Results.Redirect(foreign.Address + "oauth/token", permanent: false, preserveMethod: true)));
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?> { ["Genesys:LoginBaseUrl"] = login.Address });

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        // No token could be had: the submission waits in the outbox (202), and the foreign host was never asked.
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(foreign.Received);
        Assert.DoesNotContain(host.Emulator.ReceivedRequests, r => r.BearerToken == "foreign-token");
    }

    [Fact]
    public async Task Patch_redirected_by_the_api_host_is_not_followed()
    {
        await using var foreign = await LoopbackApp.StartAsync(app => app.MapMethods("/{**rest}", ["PATCH"], () => Results.Ok()));
        await using var api = await LoopbackApp.StartAsync(app => app.MapMethods("/{**rest}", ["PATCH"], (HttpContext http) =>
            Results.Redirect(foreign.Address.TrimEnd('/') + http.Request.Path, permanent: false, preserveMethod: true)));
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?> { ["Genesys:ApiBaseUrl"] = api.Address });

        using var response = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(foreign.Received);
    }

    /// <summary>A minimal host on a loopback port that records the paths it was asked for.</summary>
    private sealed class LoopbackApp : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private LoopbackApp(WebApplication app, string address)
        {
            _app = app;
            Address = address;
        }

        public string Address { get; }

        public ConcurrentQueue<string> Received { get; } = new();

        public static async Task<LoopbackApp> StartAsync(Action<WebApplication> map)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            LoopbackApp? self = null;
            app.Use(async (context, next) =>
            {
                self?.Received.Enqueue(context.Request.Method + " " + context.Request.Path);
                await next(context);
            });
            map(app);
            await app.StartAsync();
            self = new LoopbackApp(app, app.Urls.First().TrimEnd('/') + "/");
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
