using System.Net;
using System.Text.RegularExpressions;
using GuestSync.Gateway.Tests.Security.BindingTokens;
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
        Assert.StartsWith($"/demo/result?guestId={form["guestId"]}&receipt=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Contains("Genesys Cloud accepted the update", page, StringComparison.Ordinal);
        Assert.DoesNotContain("What Genesys received", page, StringComparison.Ordinal);
        // Live, the gateway cannot look the guest up: without its receipt the page confirms nothing.
        Assert.Contains("No update to show", await host.Client.GetStringAsync($"/demo/result?guestId={form["guestId"]}"), StringComparison.Ordinal);
        Assert.Equal(ProfileForms.Email, host.Keys.Decrypt(host.Emulator.GetGuest(form["guestId"])!["email"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Live_demo_whose_profile_requires_binding_without_minting_fails_the_start_naming_the_setting()
    {
        await using var host = await GatewayHost.StartAsync();
        var settings = TestBindingTokens.RequiredSettings();
        settings["Demo:Enabled"] = "true";

        var message = await StartFailure.MessagesAsync(() => host.NewFactory(settings));

        Assert.Contains("Demo:Enabled is true in live mode", message, StringComparison.Ordinal);
        Assert.Contains("Demo__MintBindingTokens", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Minting_demo_tokens_without_a_shared_secret_fails_the_start_naming_the_secret()
    {
        await using var host = await GatewayHost.StartAsync();

        var message = await StartFailure.MessagesAsync(() => host.NewFactory(new Dictionary<string, string?> { ["Demo:Enabled"] = "true", ["Demo:MintBindingTokens"] = "true" }));

        Assert.Contains("Demo:MintBindingTokens is true but Profiles:default:Binding:Secret", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_demo_with_minted_tokens_serves_a_form_that_posts_and_syncs()
    {
        var settings = TestBindingTokens.RequiredSettings();
        settings["Demo:Enabled"] = "true";
        settings["Demo:MintBindingTokens"] = "true";
        await using var host = await GatewayHost.StartAsync(settings: settings);

        var page = await host.Client.GetStringAsync("/");
        var guestId = Regex.Match(page, "id=\"guestId\" name=\"guestId\"[^>]* value=\"([^\"]+)\"[^>]* readonly").Groups[1].Value;
        var token = Regex.Match(page, "name=\"bindingToken\" value=\"([^\"]+)\" data-binding-token").Groups[1].Value;
        var form = ProfileForms.Valid(guestId);
        form["bindingToken"] = token;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = ProfileForms.UrlEncoded(form) };
        post.Headers.Accept.ParseAdd("text/html");
        using var response = await host.Client.SendAsync(post);

        Assert.NotEmpty(guestId);
        Assert.NotEmpty(token);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Contains("Genesys Cloud accepted the update", await host.Client.GetStringAsync(response.Headers.Location), StringComparison.Ordinal);
        Assert.NotNull(host.Emulator.GetGuest(guestId));
    }

    [Fact]
    public async Task Demo_does_not_mint_binding_tokens_by_default()
    {
        var settings = TestBindingTokens.RequiredSettings();
        settings["Demo:Enabled"] = "true";
        settings["Profiles:default:Binding:Required"] = "false";
        await using var host = await GatewayHost.StartAsync(settings: settings);

        var page = await host.Client.GetStringAsync("/");

        Assert.DoesNotContain("data-binding-token", page, StringComparison.Ordinal);
        Assert.DoesNotContain("readonly", page, StringComparison.Ordinal);
    }
}
