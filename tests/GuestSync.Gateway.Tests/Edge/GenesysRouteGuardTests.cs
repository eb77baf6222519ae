using System.Net;
using GuestSync.Gateway.Genesys;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GuestSync.Gateway.Tests.Edge;

/// <summary>No route can borrow the gateway's Genesys token: only the profile-sync transform's requests carry it.</summary>
public sealed class GenesysRouteGuardTests
{
    private const string OpenRouteProxyJson = """
        {
          "ReverseProxy": {
            "Routes": {
              "profile-sync": {
                "ClusterId": "genesys-default",
                "Match": { "Path": "/api/profile-sync" },
                "Transforms": [ { "GuestProfilePatch": "default" } ]
              },
              "genesys-passthrough": {
                "ClusterId": "genesys-default",
                "Match": { "Path": "/api/v2/{**rest}" }
              }
            },
            "Clusters": {
              "genesys-default": { "Metadata": { "GenesysOrg": "default" } }
            }
          }
        }
        """;

    [Fact]
    public async Task Route_to_a_genesys_cluster_without_GuestProfilePatch_fails_the_start_naming_the_route()
    {
        await using var host = await GatewayHost.StartAsync(proxyJson: OpenRouteProxyJson);

        var messages = await StartFailure.MessagesAsync(() => host.NewFactory());

        Assert.Contains("genesys-passthrough", messages, StringComparison.Ordinal);
        Assert.Contains("GuestProfilePatch", messages, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Emulator.ReceivedRequests, r => r.Path.StartsWith("/oauth", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_adding_an_open_route_to_genesys_is_rejected_and_the_last_good_routes_stay()
    {
        await using var host = await GatewayHost.StartAsync();
        using (var before = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await File.WriteAllTextAsync(host.ProxyConfigPath, OpenRouteProxyJson);
        var rejected = await EdgeTestSupport.PollAsync(
            () => Task.FromResult(host.Factory.Logs.Entries.Any(e => e.Message.Contains("genesys-passthrough", StringComparison.Ordinal))),
            until: seen => seen);
        host.Emulator.ClearReceivedRequests();

        using var open = await host.Client.GetAsync("/api/v2/users/me");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v2/guests/{Guid.NewGuid()}") { Content = new StringContent("[]") };
        using var patched = await host.Client.SendAsync(patch);
        using var sync = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        Assert.True(rejected);
        Assert.Equal(HttpStatusCode.NotFound, open.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, patched.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        Assert.DoesNotContain(host.Emulator.ReceivedRequests, r => r.Path.StartsWith("/api/v2/users", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_not_built_by_the_profile_sync_transform_never_carries_the_token()
    {
        await using var host = await GatewayHost.StartAsync();
        using (var warm = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        var chain = host.Factory.Services.GetRequiredService<GenesysHandlerChain>();
        var transport = new RecordingHandler();
        using var invoker = new HttpMessageInvoker(chain.Wrap("default", transport));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.Emulator.BaseAddress, "api/v2/users/me"));

        var outcome = await Record.ExceptionAsync(async () => (await invoker.SendAsync(request, CancellationToken.None)).Dispose());

        Assert.NotNull(outcome);
        Assert.DoesNotContain(transport.Requests, r => r.Headers.Authorization is not null);
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task A_later_transform_cannot_switch_header_copying_back_on()
    {
        const string copyingProxyJson = """
            {
              "ReverseProxy": {
                "Routes": {
                  "profile-sync-copying": {
                    "ClusterId": "genesys-default",
                    "Match": { "Path": "/api/profile-sync" },
                    "Transforms": [ { "GuestProfilePatch": "default" }, { "RequestHeadersCopy": "true" } ]
                  }
                },
                "Clusters": {
                  "genesys-default": { "Metadata": { "GenesysOrg": "default" } }
                }
              }
            }
            """;
        await using var host = await GatewayHost.StartAsync(proxyJson: copyingProxyJson);

        var messages = await StartFailure.MessagesAsync(() => host.NewFactory());

        Assert.Contains("profile-sync-copying", messages, StringComparison.Ordinal);
        Assert.Contains("RequestHeadersCopy", messages, StringComparison.Ordinal);
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"id\":\"me\"}") });
        }
    }
}
