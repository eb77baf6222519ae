using System.Net;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Security.BindingTokens;

public sealed class BindingStartupValidationTests
{
    private static async Task<string> StartFailureAsync(Dictionary<string, string?> settings, string environment = "Testing")
    {
        await using var host = await GatewayHost.StartAsync();
        return await StartFailure.MessagesAsync(() => host.NewFactory(settings, environment));
    }

    [Fact]
    public async Task Production_without_binding_keys_fails_the_start_naming_the_settings()
    {
        var message = await StartFailureAsync([], environment: "Production");

        Assert.Contains("Profiles:default:Binding:Required", message, StringComparison.Ordinal);
        Assert.Contains("Profiles:default:Binding:Secret", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_binding_switched_off_explicitly_starts()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var factory = host.NewFactory(new Dictionary<string, string?> { ["Profiles:default:Binding:Required"] = "false" }, "Production");

        using var response = await factory.CreateClient().PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Short_secret_fails_the_start_without_echoing_it()
    {
        var settings = TestBindingTokens.RequiredSettings();
        settings["Profiles:default:Binding:Secret"] = "short-secret-xyz";

        var message = await StartFailureAsync(settings);

        Assert.Contains("at least 32 bytes", message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret-xyz", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alg_none_in_the_allow_list_fails_the_start()
    {
        var settings = TestBindingTokens.RequiredSettings();
        settings["Profiles:default:Binding:Algorithms:0"] = "none";

        var message = await StartFailureAsync(settings);

        Assert.Contains("Profiles:default:Binding:Algorithms", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_audience_and_issuer_fail_the_start()
    {
        var settings = TestBindingTokens.RequiredSettings();
        settings["Profiles:default:Binding:Audience"] = null;
        settings["Profiles:default:Binding:Issuer"] = null;

        var message = await StartFailureAsync(settings);

        Assert.Contains("Profiles:default:Binding:Audience", message, StringComparison.Ordinal);
        Assert.Contains("Profiles:default:Binding:Issuer", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binding_field_named_like_a_profile_field_fails_the_start()
    {
        var settings = TestBindingTokens.RequiredSettings();
        settings["Profiles:default:Binding:FieldName"] = "email";

        var message = await StartFailureAsync(settings);

        Assert.Contains("Profiles:default:Binding:FieldName", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_secret_file_fails_the_start_naming_the_setting()
    {
        var settings = TestBindingTokens.RequiredSettings();
        settings["Profiles:default:Binding:Secret"] = null;
        settings["Profiles:default:Binding:SecretFile"] = "/nonexistent/binding-secret";

        var message = await StartFailureAsync(settings);

        Assert.Contains("Profiles:default:Binding:SecretFile", message, StringComparison.Ordinal);
    }
}
