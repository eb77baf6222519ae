using System.Text.Json;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Patching;
using GuestSync.Gateway.Profiles;
using Microsoft.Extensions.Time.Testing;

namespace GuestSync.Gateway.Tests.Patching;

public sealed class PatchBuilderTests
{
    private const string GuestId = "6f1c2b7e-0d4a-4c59-9a57-3a8f2f0c1d2e";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 21, 0, 0, TimeSpan.Zero));
    private readonly RecordingFieldEncryptor _jwe = new(EncryptionEnvelope.Jwe);
    private readonly RecordingFieldEncryptor _seed = new(EncryptionEnvelope.SeedCompatible);
    private readonly PatchBuilder _builder;

    public PatchBuilderTests() => _builder = new PatchBuilder([_jwe, _seed], _time);

    [Fact]
    public void Default_profile_builds_the_original_json_patch_with_encrypted_values_and_sync_time()
    {
        var profile = ProfileOptions.CreateDefault();

        var patch = _builder.Build(Submit(profile, ("name", "Ada"), ("email", "ada@example.com"), ("phone", "+442079460000")), profile);

        Assert.Equal("/api/v2/guests/" + GuestId, patch.PathAndQuery);
        Assert.Equal("application/json-patch+json", patch.ContentType);
        Assert.Equal(
            [
                ("replace", "/name", Jwe("Ada")),
                ("replace", "/email", Jwe("ada@example.com")),
                ("replace", "/phone", Jwe("+442079460000")),
                ("replace", "/lastUpdated", "2026-11-23T21:00:00.000Z"),
            ],
            Operations(patch));
    }

    [Fact]
    public void Each_encrypted_value_is_bound_to_its_target_and_guest()
    {
        var profile = ProfileOptions.CreateDefault();

        _builder.Build(Submit(profile, ("name", "Ada"), ("email", "ada@example.com")), profile);

        Assert.Equal(
            [("Ada", new FieldContext("/name", GuestId)), ("ada@example.com", new FieldContext("/email", GuestId))],
            _jwe.Calls);
        Assert.Empty(_seed.Calls);
    }

    [Fact]
    public void Profile_envelope_chooses_the_encryptor()
    {
        var profile = ProfileOptions.CreateDefault();
        profile.Envelope = EncryptionEnvelope.SeedCompatible;

        var patch = _builder.Build(Submit(profile, ("name", "Ada")), profile);

        Assert.Equal(RecordingFieldEncryptor.Expected(EncryptionEnvelope.SeedCompatible, "Ada"), Operations(patch)[0].Value);
        Assert.Empty(_jwe.Calls);
    }

    [Fact]
    public void Sync_time_follows_the_time_provider_in_utc_with_milliseconds()
    {
        var profile = ProfileOptions.CreateDefault();
        _time.Advance(TimeSpan.FromMilliseconds(1234.5));

        var patch = _builder.Build(Submit(profile, ("name", "Ada")), profile);

        Assert.Equal("2026-11-23T21:00:01.234Z", Operations(patch)[^1].Value);
    }

    [Fact]
    public void Add_operation_and_no_sync_time_are_honoured()
    {
        var profile = ProfileOptions.CreateDefault();
        profile.Operation = "add";
        profile.AddLastUpdated = false;

        var patch = _builder.Build(Submit(profile, ("name", "Ada")), profile);

        Assert.Equal([("add", "/name", Jwe("Ada"))], Operations(patch));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2000)] // 8,000 UTF-8 bytes
    public void Short_and_long_values_are_encrypted_whole_and_consecutive_values_do_not_mix(int repeat)
    {
        var profile = ProfileOptions.CreateDefault();
        profile.AddLastUpdated = false;
        profile.Fields["name"].MaxLength = 10_000;
        var name = string.Concat(Enumerable.Repeat("山a", repeat));

        var patch = _builder.Build(Submit(profile, ("name", name), ("email", "ada@example.com")), profile);

        Assert.Equal([("replace", "/name", Jwe(name)), ("replace", "/email", Jwe("ada@example.com"))], Operations(patch));
        Assert.Equal([name, "ada@example.com"], _jwe.Calls.Select(call => call.Plaintext));
    }

    [Fact]
    public void Op_and_target_changed_after_a_build_are_written_as_changed()
    {
        var profile = ProfileOptions.CreateDefault();
        profile.AddLastUpdated = false;
        _ = _builder.Build(Submit(profile, ("name", "Ada")), profile);

        profile.Operation = "add";
        profile.Fields["name"].Target = "/fullName";
        var patch = _builder.Build(Submit(profile, ("name", "Ada")), profile);

        Assert.Equal([("add", "/fullName", Jwe("Ada"))], Operations(patch));
    }

    [Fact]
    public void Targets_and_op_are_escaped_byte_for_byte_as_the_json_writer_escapes_strings()
    {
        var profile = ProfileOptions.CreateDefault();
        profile.AddLastUpdated = false;
        profile.Operation = "re<place>+";
        profile.Fields["name"].Target = "/a~1b\"c</d>é+";
        profile.Fields["name"].Encrypt = false;

        var patch = _builder.Build(Submit(profile, ("name", "Ada")), profile);

        var expected = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(expected))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("op", profile.Operation);
            writer.WriteString("path", profile.Fields["name"].Target);
            writer.WriteString("value", "Ada");
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected.WrittenSpan), System.Text.Encoding.UTF8.GetString(patch.Body.Span));
    }

    [Theory]
    [InlineData("Ada \"the Countess\" of \\Lovelace\\")]
    [InlineData("line\u2028separator\u2029paragraph")]
    [InlineData("😀 émoji </script><!-- &amp; '")]
    public void Plain_values_round_trip_through_json_escaping(string value)
    {
        var profile = ProfileOptions.CreateDefault();
        profile.Fields["name"].Encrypt = false;

        var patch = _builder.Build(Submit(profile, ("name", value)), profile);

        Assert.Equal(value, Operations(patch)[0].Value);
        Assert.Empty(_jwe.Calls);
    }

    [Fact]
    public void Encrypted_values_with_non_ascii_text_are_encrypted_as_utf8()
    {
        var profile = ProfileOptions.CreateDefault();

        _builder.Build(Submit(profile, ("name", "Zoë 😀")), profile);

        Assert.Equal("Zoë 😀", _jwe.Calls.Single().Plaintext);
    }

    [Theory]
    [InlineData("abc/../x", "/api/v2/guests/abc%2F..%2Fx")]
    [InlineData("a b?c#d", "/api/v2/guests/a%20b%3Fc%23d")]
    [InlineData("guest_42-A", "/api/v2/guests/guest_42-A")]
    public void Guest_id_is_escaped_in_the_path(string guestId, string path)
    {
        var profile = ProfileOptions.CreateDefault();

        var patch = _builder.Build(new Submission(guestId, []), profile);

        Assert.Equal(path, patch.PathAndQuery);
    }

    [Fact]
    public void External_contacts_profile_builds_a_changes_body()
    {
        var profile = new ProfileOptions { Dialect = PatchDialect.ExternalContacts };
        profile.Fields["first"] = new FieldOptions { Target = "$.firstName", Encrypt = false };
        profile.Fields["secret"] = new FieldOptions { Target = "$.customFields.note" };

        var patch = _builder.Build(Submit(profile, ("first", "Ada"), ("secret", "loves engines")), profile);

        Assert.Equal("/api/v2/externalcontacts/contacts/" + GuestId, patch.PathAndQuery);
        Assert.Equal("application/json", patch.ContentType);
        using var document = JsonDocument.Parse(patch.Body);
        var expected = $$"""
            {"changes":[{"field":"$.firstName","value":"Ada","action":"Update"},{"field":"$.customFields.note","value":"{{Jwe("loves engines")}}","action":"Update"}]}
            """;
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, document.RootElement), System.Text.Encoding.UTF8.GetString(patch.Body.Span));
        Assert.Equal([("loves engines", new FieldContext("$.customFields.note", GuestId))], _jwe.Calls);
    }

    [Fact]
    public void External_contacts_sync_time_goes_to_its_configured_target_with_the_configured_action()
    {
        var profile = new ProfileOptions
        {
            Dialect = PatchDialect.ExternalContacts,
            AddLastUpdated = true,
            LastUpdatedTarget = "$.customFields.lastUpdated",
            ExternalContactsAction = "UpdateIfEmpty",
        };
        profile.Fields["first"] = new FieldOptions { Target = "$.firstName", Encrypt = false };

        var patch = _builder.Build(Submit(profile, ("first", "Ada")), profile);

        using var document = JsonDocument.Parse(patch.Body);
        var last = document.RootElement.GetProperty("changes")[1];
        Assert.Equal("$.customFields.lastUpdated", last.GetProperty("field").GetString());
        Assert.Equal("2026-11-23T21:00:00.000Z", last.GetProperty("value").GetString());
        Assert.Equal("UpdateIfEmpty", last.GetProperty("action").GetString());
    }

    [Fact]
    public void Missing_encryptor_for_the_profile_envelope_is_a_clear_error()
    {
        var builder = new PatchBuilder([], _time);
        var profile = ProfileOptions.CreateDefault();

        var failure = Assert.Throws<InvalidOperationException>(() => builder.Build(Submit(profile, ("name", "Ada")), profile));

        Assert.Contains("'Jwe' envelope", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Consecutive_builds_do_not_share_body_memory()
    {
        var profile = ProfileOptions.CreateDefault();

        var first = _builder.Build(Submit(profile, ("name", "Ada")), profile);
        var firstJson = first.Body.ToArray();
        _builder.Build(Submit(profile, ("name", "Grace Hopper")), profile);

        Assert.Equal(firstJson, first.Body.ToArray());
    }

    [Fact]
    public void Contacts_enrich_posts_a_partial_contact_matched_by_the_plain_guest_id()
    {
        var profile = new ProfileOptions { Dialect = PatchDialect.ContactsEnrich, AddLastUpdated = true, LastUpdatedTarget = "$.customFields.lastSync" };
        profile.Enrich.SchemaId = "schema-1";
        profile.Enrich.SchemaVersion = 4;
        profile.Enrich.Action = "Merge";
        profile.Fields["name"] = new FieldOptions { Target = "$.firstName", Encrypt = false };
        profile.Fields["email"] = new FieldOptions { Target = "$.customFields.emailEnc" };
        profile.Fields["phone"] = new FieldOptions { Target = "$.cellPhone.e164", Encrypt = false };
        profile.Fields["city"] = new FieldOptions { Target = "$.customFields.city", Encrypt = false };

        var patch = _builder.Build(Submit(profile, ("name", "Ada"), ("email", "ada@example.com"), ("phone", "+442079460000"), ("city", "London")), profile);

        Assert.Equal((HttpMethod.Post, "/api/v2/externalcontacts/contacts/enrich", "application/json"), (patch.Method, patch.PathAndQuery, patch.ContentType));
        Assert.Equal("enrich:Cookie:" + GuestId, patch.ResourceKey);
        Assert.Equal(
            "{\"matchingIdentifiers\":[{\"type\":\"Cookie\",\"value\":\"" + GuestId + "\"}],\"action\":\"Merge\",\"fieldRules\":{\"defaultAction\":\"PreferProvided\"}," +
            "\"contact\":{\"firstName\":\"Ada\",\"customFields\":{\"emailEnc\":\"" + Jwe("ada@example.com") + "\",\"city\":\"London\",\"lastSync\":\"2026-11-23T21:00:00.000Z\"}," +
            "\"cellPhone\":{\"e164\":\"\\u002B442079460000\"},\"schema\":{\"id\":\"schema-1\",\"version\":4}}}",
            System.Text.Encoding.UTF8.GetString(patch.Body.Span));
        Assert.Equal(new FieldContext("$.customFields.emailEnc", GuestId), Assert.Single(_jwe.Calls).Context);
    }

    private static string Jwe(string plaintext) => RecordingFieldEncryptor.Expected(EncryptionEnvelope.Jwe, plaintext);

    private static Submission Submit(ProfileOptions profile, params (string Name, string Value)[] values) =>
        new(GuestId, values.Select(v => new SubmittedField(v.Name, profile.Fields[v.Name], v.Value)).ToList());

    private static List<(string Op, string Path, string? Value)> Operations(UpstreamPatch patch)
    {
        using var document = JsonDocument.Parse(patch.Body);
        return document.RootElement.EnumerateArray()
            .Select(op =>
            {
                Assert.Equal(3, op.EnumerateObject().Count());
                return (op.GetProperty("op").GetString()!, op.GetProperty("path").GetString()!, op.GetProperty("value").GetString());
            })
            .ToList();
    }
}
