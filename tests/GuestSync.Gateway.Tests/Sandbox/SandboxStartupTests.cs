using System.Net;
using GuestSync.Gateway.Sandbox;
using GuestSync.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GuestSync.Gateway.Tests.Sandbox;

public sealed class SandboxStartupTests
{
    [Fact]
    public async Task Production_without_credentials_fails_the_start_saying_what_to_set()
    {
        await using var host = SandboxHost.Create(environment: "Production");

        var message = await StartFailure.MessagesAsync(host.NewFactory);
        Assert.Contains("Production environment without Genesys Cloud credentials", message, StringComparison.Ordinal);
        foreach (var setting in new[] { "Genesys__Region", "Genesys__ClientId", "Genesys__ClientSecret", "Encryption__KeySet", "Encryption__ActiveKeyId" })
        {
            Assert.Contains(setting, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Partly_configured_org_is_not_a_sandbox_and_fails_naming_what_is_missing()
    {
        await using var host = SandboxHost.Create(settings: new Dictionary<string, string?> { ["Genesys:ClientId"] = "site-client" });

        Assert.Contains("Genesys:ClientSecret", await StartFailure.MessagesAsync(host.NewFactory), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/demo/result")]
    [InlineData("GET", "/demo/guests/11111111-2222-4333-8444-555555555555")]
    [InlineData("GET", "/demo/assets/demo.js")]
    [InlineData("POST", "/demo/outage")]
    public async Task Live_mode_exposes_no_sandbox_or_demo_endpoint(string method, string path)
    {
        await using var host = await GatewayHost.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent([new("on", "true")]);
        }

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(host.Factory.Services.GetService<SandboxRuntime>());
    }

    [Fact]
    public async Task Live_mode_with_the_demo_enabled_serves_the_form_but_never_the_received_view()
    {
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?> { ["Demo:Enabled"] = "true" });

        using var form = await host.Client.GetAsync("/");
        using var received = await host.Client.GetAsync("/demo/guests/11111111-2222-4333-8444-555555555555");
        using var outage = await host.Client.PostAsync("/demo/outage", new FormUrlEncodedContent([new("on", "true")]));

        Assert.Equal(HttpStatusCode.NotFound, outage.StatusCode);
        Assert.DoesNotContain("/demo/outage", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("Live: updates go to the configured Genesys Cloud organization", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, received.StatusCode);
        Assert.Null(host.Factory.Services.GetService<SandboxRuntime>());
    }

    [Fact]
    public async Task Live_mode_with_the_demo_enabled_sends_a_plain_html_post_to_the_result_page_without_the_received_view()
    {
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?> { ["Demo:Enabled"] = "true" });
        var form = ProfileForms.Valid();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = ProfileForms.UrlEncoded(form) };
        post.Headers.Accept.ParseAdd("text/html");

        using var response = await host.Client.SendAsync(post);
        var page = await host.Client.GetStringAsync(response.Headers.Location);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"/demo/result?guestId={form["guestId"]}", response.Headers.Location?.OriginalString);
        Assert.Contains("Genesys Cloud accepted the update", page, StringComparison.Ordinal);
        Assert.DoesNotContain("What Genesys received", page, StringComparison.Ordinal);
        Assert.Equal(ProfileForms.Email, host.Keys.Decrypt(host.Emulator.GetGuest(form["guestId"])!["email"]!.GetValue<string>()));
    }
}
