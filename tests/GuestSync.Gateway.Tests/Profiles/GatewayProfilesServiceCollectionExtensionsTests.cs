using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Forms;
using GuestSync.Gateway.Patching;
using GuestSync.Gateway.Profiles;
using GuestSync.Gateway.Tests.Patching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Tests.Profiles;

public sealed class GatewayProfilesServiceCollectionExtensionsTests
{
    [Fact]
    public void Without_configuration_the_built_in_default_profile_is_used()
    {
        using var services = Build([]);

        var profile = services.GetRequiredService<IOptions<GatewayProfilesOptions>>().Value.Profiles["default"];

        Assert.Equal(["name", "email", "phone"], profile.Fields.Keys);
        Assert.Equal(PatchDialect.JsonPatch, profile.Dialect);
        Assert.True(profile.Fields.Values.All(f => f.Encrypt && f.Required));
    }

    [Fact]
    public void Profiles_bind_from_configuration_including_dialect_spelled_as_documented()
    {
        using var services = Build(new()
        {
            ["Profiles:site-b:Dialect"] = "external-contacts",
            ["Profiles:site-b:Envelope"] = "SeedCompatible",
            ["Profiles:site-b:GuestIdField"] = "contactId",
            ["Profiles:site-b:GuestIdFormat"] = "Token",
            ["Profiles:site-b:SuccessUrl"] = "/thanks",
            ["Profiles:site-b:Limits:MaxFields"] = "8",
            ["Profiles:site-b:Fields:first:Target"] = "$.firstName",
            ["Profiles:site-b:Fields:mail:Target"] = "$.workEmail",
            ["Profiles:site-b:Fields:mail:Format"] = "Email",
            ["Profiles:site-b:Fields:mail:Encrypt"] = "false",
            ["Profiles:site-b:Fields:mail:Required"] = "false",
            ["Profiles:site-b:Fields:mail:MaxLength"] = "100",
        });

        var options = services.GetRequiredService<IOptions<GatewayProfilesOptions>>().Value;

        Assert.True(options.TryGetProfile("SITE-B", out var profile));
        Assert.Equal(PatchDialect.ExternalContacts, profile.Dialect);
        Assert.Equal(EncryptionEnvelope.SeedCompatible, profile.Envelope);
        Assert.Equal("contactId", profile.GuestIdField);
        Assert.Equal(GuestIdFormat.Token, profile.GuestIdFormat);
        Assert.Equal("/thanks", profile.SuccessUrl);
        Assert.Equal(8, profile.Limits.MaxFields);
        Assert.Equal(16 * 1024, profile.Limits.MaxBodyBytes);
        var mail = profile.Fields["mail"];
        Assert.Equal(("$.workEmail", FieldFormat.Email, false, false, 100), (mail.Target, mail.Format, mail.Encrypt, mail.Required, mail.MaxLength));
        Assert.True(options.Profiles.ContainsKey("default"));
    }

    [Fact]
    public void Invalid_profiles_fail_at_start_naming_each_setting()
    {
        using var services = Build(new()
        {
            ["Profiles:site-b:Operation"] = "move",
            ["Profiles:site-b:Fields:email:Target"] = "email",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Profiles:site-b:Operation must be 'replace' or 'add'.", failure.Failures);
        Assert.Contains(failure.Failures, f => f.StartsWith("Profiles:site-b:Fields:email:Target", StringComparison.Ordinal));
    }

    [Fact]
    public void Reader_validator_and_builder_are_singletons()
    {
        using var services = Build([]);

        Assert.Same(services.GetRequiredService<FormReader>(), services.GetRequiredService<FormReader>());
        Assert.Same(services.GetRequiredService<SubmissionValidator>(), services.GetRequiredService<SubmissionValidator>());
        Assert.Same(services.GetRequiredService<PatchBuilder>(), services.GetRequiredService<PatchBuilder>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IFieldEncryptor>(new RecordingFieldEncryptor(EncryptionEnvelope.Jwe));
        services.AddGatewayProfiles(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
