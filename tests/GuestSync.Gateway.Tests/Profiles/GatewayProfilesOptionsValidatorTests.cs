using GuestSync.Gateway.Profiles;

namespace GuestSync.Gateway.Tests.Profiles;

public sealed class GatewayProfilesOptionsValidatorTests
{
    [Fact]
    public void Built_in_default_profile_is_valid()
    {
        Assert.Empty(Errors(ProfileOptions.CreateDefault()));
    }

    [Fact]
    public void Json_patch_target_that_is_not_a_pointer_names_the_setting()
    {
        var profile = ProfileOptions.CreateDefault();
        profile.Fields["email"].Target = "email";

        var error = Assert.Single(Errors(profile));

        Assert.StartsWith("Profiles:site-b:Fields:email:Target must be a JSON Pointer starting with '/'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/a~2b")]
    [InlineData("/a~")]
    [InlineData("")]
    public void Json_patch_target_with_bad_escaping_is_rejected(string target)
    {
        var profile = ProfileOptions.CreateDefault();
        profile.Fields["name"].Target = target;

        Assert.Contains(Errors(profile), e => e.StartsWith("Profiles:site-b:Fields:name:Target", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/email")]
    [InlineData("$email")]
    [InlineData("$.")]
    [InlineData("$.work email")]
    [InlineData("$.emails[0]")]
    [InlineData("$..email")]
    [InlineData("$.1email")]
    public void External_contacts_target_must_be_a_jsonpath_of_identifiers(string target)
    {
        var profile = ExternalContacts(("email", target));

        var error = Assert.Single(Errors(profile));

        Assert.StartsWith("Profiles:site-b:Fields:email:Target must be a JSONPath", error, StringComparison.Ordinal);
    }

    [Fact]
    public void External_contacts_field_and_its_parent_cannot_both_be_targets()
    {
        var profile = ExternalContacts(("loyalty", "$.customFields"), ("tier", "$.customFields.tier"));

        var error = Assert.Single(Errors(profile));

        Assert.Contains("Genesys answers 409", error, StringComparison.Ordinal);
        Assert.Contains("Profiles:site-b:Fields:tier:Target", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sibling_paths_sharing_a_prefix_are_not_parent_and_child()
    {
        var profile = ExternalContacts(("a", "$.customFields.tier"), ("b", "$.customFields.tierName"));

        Assert.Empty(Errors(profile));
    }

    [Fact]
    public void Targets_must_be_unique_including_last_updated()
    {
        var profile = ProfileOptions.CreateDefault();
        profile.Fields["phone"].Target = "/email";
        profile.Fields["name"].Target = "/lastUpdated";

        var errors = Errors(profile);

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Contains("targets must be unique", e, StringComparison.Ordinal));
    }

    [Fact]
    public void External_contacts_sync_time_needs_a_target()
    {
        var profile = ExternalContacts(("name", "$.firstName"));
        profile.AddLastUpdated = true;

        var error = Assert.Single(Errors(profile));

        Assert.StartsWith("Profiles:site-b:LastUpdatedTarget must be set", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_is_listed_with_its_setting()
    {
        var profile = ProfileOptions.CreateDefault();
        profile.Operation = "move";
        profile.ExternalContactsAction = "Upsert";
        profile.GuestIdField = string.Empty;
        profile.SuccessUrl = "//evil.example/";
        profile.Limits.MaxBodyBytes = 0;
        profile.Limits.MaxFields = -1;
        profile.Fields["name"].MaxLength = 0;

        var errors = Errors(profile);

        Assert.Equal(
            [
                "Profiles:site-b:Operation", "Profiles:site-b:ExternalContactsAction",
                "Profiles:site-b:GuestIdField", "Profiles:site-b:SuccessUrl", "Profiles:site-b:Limits:MaxBodyBytes",
                "Profiles:site-b:Limits:MaxFields", "Profiles:site-b:Fields:name:MaxLength",
            ],
            errors.Select(e => e[..e.IndexOf(' ', StringComparison.Ordinal)]));
    }

    [Fact]
    public void Field_longer_than_the_reader_accepts_is_a_configuration_error()
    {
        var profile = ProfileOptions.CreateDefault();
        profile.Fields["name"].MaxLength = 5000;

        Assert.StartsWith("Profiles:site-b:Fields:name:MaxLength must be between 1 and", Assert.Single(Errors(profile)), StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_without_fields_is_rejected()
    {
        Assert.Equal(["Profiles:site-b:Fields must map at least one form field to a target."], Errors(new ProfileOptions()));
    }

    [Theory]
    [InlineData("https://site.example/thanks", true)]
    [InlineData("/thanks?from=form", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("thanks", false)]
    public void Success_url_must_be_http_or_a_local_path(string url, bool valid)
    {
        var profile = ProfileOptions.CreateDefault();
        profile.SuccessUrl = url;

        Assert.Equal(valid, Errors(profile).Count == 0);
    }

    [Theory]
    [InlineData("https://site.example/profile/error", true)]
    [InlineData("/profile/error?form=profile", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("error", false)]
    public void Error_url_follows_the_success_url_rule_and_names_its_setting(string url, bool valid)
    {
        var profile = ProfileOptions.CreateDefault();
        profile.ErrorUrl = url;

        var errors = Errors(profile);

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.StartsWith("Profiles:site-b:ErrorUrl must be an absolute http(s) URL", e, StringComparison.Ordinal));
    }

    private static List<string> Errors(ProfileOptions profile)
    {
        var options = new GatewayProfilesOptions();
        options.Profiles["site-b"] = profile;
        var result = GatewayProfilesOptionsValidator.Validate(options);
        return result.Failed ? result.Failures.ToList() : [];
    }

    private static ProfileOptions ExternalContacts(params (string Name, string Target)[] fields)
    {
        var profile = new ProfileOptions { Dialect = PatchDialect.ExternalContacts };
        foreach (var (name, target) in fields)
        {
            profile.Fields[name] = new FieldOptions { Target = target };
        }

        return profile;
    }
}
