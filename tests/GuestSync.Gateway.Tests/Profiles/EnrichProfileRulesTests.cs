using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Profiles;
using GuestSync.Gateway.Tests.Encryption;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Profiles;

public sealed class EnrichProfileRulesTests
{
    private static readonly TestKeys Keys = new();

    [Fact]
    public void Messenger_cookie_profile_with_encrypted_long_text_fields_compiles()
    {
        Assert.Empty(Errors(CookieProfile()));
    }

    [Fact]
    public void Encrypted_value_outside_a_custom_field_names_the_field()
    {
        var profile = CookieProfile();
        profile.Fields["name"].Encrypt = true;

        var error = Assert.Single(Errors(profile));

        Assert.StartsWith("Profiles:web:Fields:name:Target '$.firstName' holds an encrypted value", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cookie_identifier_with_a_token_format_is_refused_because_a_cookie_id_is_a_uuid()
    {
        var profile = CookieProfile();
        profile.GuestIdFormat = GuestIdFormat.Token;

        Assert.Contains(Errors(profile), e => e.StartsWith("Profiles:web:GuestIdFormat must be Uuid", StringComparison.Ordinal));
    }

    [Fact]
    public void Custom_fields_without_a_schema_and_unknown_actions_are_each_named()
    {
        var profile = CookieProfile();
        profile.Enrich.SchemaId = null;
        profile.Enrich.Action = "Replace";
        profile.Enrich.DefaultFieldAction = "Overwrite";

        var errors = Errors(profile);

        Assert.Contains(errors, e => e.StartsWith("Profiles:web:Enrich:SchemaId must be set", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Profiles:web:Enrich:Action must be one of: Upsert, Merge, Update, Insert", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Profiles:web:Enrich:DefaultFieldAction must be one of", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("$.id")]
    [InlineData("$.schema.id")]
    [InlineData("$.identifiers")]
    [InlineData("$.customFields.a.b")]
    public void Targets_the_gateway_never_writes_are_refused(string target)
    {
        var profile = CookieProfile();
        profile.Fields["name"].Target = target;

        Assert.Contains(Errors(profile), e => e.StartsWith($"Profiles:web:Fields:name:Target '{target}'", StringComparison.Ordinal));
    }

    [Fact]
    public void Undeclared_custom_field_is_sized_as_text_and_the_error_says_so()
    {
        var profile = CookieProfile();
        profile.Enrich.CustomFields.Remove("emailEnc");

        var error = Assert.Single(Errors(profile));

        Assert.Contains("over the 100 of a Text custom field (not declared under Enrich:CustomFields)", error, StringComparison.Ordinal);
        Assert.Contains("no MaxLength fits with this envelope and identifier", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_field_longer_than_its_target_is_refused_with_the_limit()
    {
        var profile = CookieProfile();
        profile.Fields["name"].MaxLength = 1001;
        profile.Limits.MaxFieldLength = 2048;

        var error = Assert.Single(Errors(profile));

        Assert.Equal("Profiles:web:Fields:name:MaxLength 1001 does not fit a contact name field ('$.firstName', at most 1000 characters): set MaxLength to at most 1000.", error);
    }

    [Theory]
    [InlineData(EncryptionEnvelope.Jwe, 179)]
    [InlineData(EncryptionEnvelope.SeedCompatible, 240)]
    public void Longest_fitting_max_length_is_exact_for_each_envelope(EncryptionEnvelope envelope, int fitting)
    {
        var profile = CookieProfile();
        profile.Envelope = envelope;
        profile.Fields["email"].MaxLength = fitting;
        Assert.Empty(Errors(profile));

        profile.Fields["email"].MaxLength = fitting + 1;
        Assert.Contains($"set MaxLength to at most {fitting}", Assert.Single(Errors(profile)), StringComparison.Ordinal);
    }

    [Fact]
    public void Email_identifier_leaves_no_room_for_a_jwe_because_the_header_carries_the_address()
    {
        var profile = CookieProfile();
        profile.Enrich.IdentifierType = EnrichIdentifierType.Email;

        Assert.Contains("no MaxLength fits with this envelope and identifier", Assert.Single(Errors(profile)), StringComparison.Ordinal);
    }

    internal static ProfileOptions CookieProfile()
    {
        var profile = new ProfileOptions { Dialect = PatchDialect.ContactsEnrich };
        profile.Enrich.SchemaId = "schema-1";
        profile.Enrich.CustomFields["emailEnc"] = EnrichCustomFieldType.LongText;
        profile.Fields["name"] = new FieldOptions { Target = "$.firstName", Encrypt = false, MaxLength = 200 };
        profile.Fields["email"] = new FieldOptions { Target = "$.customFields.emailEnc", Format = FieldFormat.Email, MaxLength = 150 };
        profile.Binding.Required = false;
        return profile;
    }

    private static List<string> Errors(ProfileOptions profile)
    {
        var options = new GatewayProfilesOptions();
        options.Profiles["web"] = profile;
        var errors = new List<string>();
        var provider = TestKeySets.Provider(Keys.KeyId, (Keys.KeyId, Keys.Key));
        new ProfileSetCompiler([new JweFieldEncryptor(provider), new SeedCompatibleFieldEncryptor(provider)]).Compile(options, errors);
        return errors;
    }
}
