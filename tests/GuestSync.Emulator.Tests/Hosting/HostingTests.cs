using System.Net;
using System.Text;
using GuestSync.Emulator.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static GuestSync.Emulator.Tests.EmulatorHarness;

namespace GuestSync.Emulator.Tests.Hosting;

public sealed class HostingTests
{
    [Fact]
    public async Task StartAsync_listens_on_a_free_loopback_port()
    {
        await using var first = await GenesysEmulator.StartAsync();
        await using var second = await GenesysEmulator.StartAsync();

        Assert.Equal("127.0.0.1", first.BaseAddress.Host);
        Assert.NotEqual(0, first.BaseAddress.Port);
        Assert.NotEqual(first.BaseAddress, second.BaseAddress);
    }

    [Fact]
    public async Task Invalid_options_fail_the_start_and_name_every_setting_to_change()
    {
        var options = new EmulatorOptions
        {
            Clients = [new EmulatorClient { ClientId = "", ClientSecret = "" }],
            MaxBodyBytes = 0,
            ReceivedRequestCapacity = -1,
            SeedGuests = { ["g1"] = "[1]" },
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GenesysEmulator.StartAsync(options));

        Assert.Contains(error.Failures, f => f.Contains("Emulator:Clients:0:ClientId", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Emulator:Clients:0:ClientSecret", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Emulator:MaxBodyBytes", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Emulator:ReceivedRequestCapacity", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Emulator:SeedGuests:g1", StringComparison.Ordinal));
    }

    [Fact]
    public void Configured_clients_replace_the_default_sandbox_client()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Emulator:Clients:0:ClientId"] = "gateway",
            ["Emulator:Clients:0:ClientSecret"] = "s3cret",
            ["Emulator:Clients:0:TokenLifetimeSeconds"] = "600",
            ["Emulator:RateLimitPerMinute"] = "0",
            ["Emulator:SeedGuests:guest-1"] = """{"firstName":"Ada"}""",
        }).Build();
        using var services = new ServiceCollection().AddGenesysEmulator(configuration.GetSection("Emulator")).BuildServiceProvider();

        var settings = services.GetRequiredService<EmulatorSettings>();

        Assert.Equal(["gateway"], settings.Clients.Keys.ToArray());
        Assert.Equal(TimeSpan.FromMinutes(10), settings.Clients["gateway"].TokenLifetime);
        Assert.Equal(0, settings.RateLimitPerMinute);
        Assert.Equal("Ada", settings.SeedGuests["guest-1"]["firstName"]!.GetValue<string>());
    }

    [Fact]
    public void Default_options_document_the_genesys_defaults()
    {
        var options = new EmulatorOptions();

        var client = Assert.Single(options.Clients);
        Assert.Equal(("sandbox-client", "sandbox-secret", 86_400), (client.ClientId, client.ClientSecret, client.TokenLifetimeSeconds));
        Assert.Equal(300, options.RateLimitPerMinute);
        Assert.Equal(512_000, options.MaxBodyBytes);
        Assert.Equal(1000, options.ReceivedRequestCapacity);
        Assert.False(options.AdminApiEnabled);
        Assert.False(options.CreateGuestsOnFirstWrite);
    }

    [Fact]
    public async Task Standalone_program_serves_the_emulator_with_settings_from_configuration()
    {
        await using var factory = new WebApplicationFactory<EmulatorOptions>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Emulator:Clients:0:ClientId", "standalone");
            web.UseSetting("Emulator:Clients:0:ClientSecret", "standalone-secret");
            web.UseSetting("Emulator:AdminApiEnabled", "true");
        });
        using var client = factory.CreateClient();

        using var token = await PostTokenAsync(client, Basic("standalone", "standalone-secret"));
        using var sandbox = await PostTokenAsync(client, Basic(ClientId, ClientSecret));
        using var admin = await client.GetAsync("admin/stats");

        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sandbox.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    private static Task<HttpResponseMessage> PostTokenAsync(HttpClient client, System.Net.Http.Headers.AuthenticationHeaderValue authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new StringContent("grant_type=client_credentials", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = authorization;
        return client.SendAsync(request);
    }
}
