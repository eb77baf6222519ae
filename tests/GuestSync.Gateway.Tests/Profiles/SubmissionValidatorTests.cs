using GuestSync.Gateway.Profiles;

namespace GuestSync.Gateway.Tests.Profiles;

public sealed class SubmissionValidatorTests
{
    private const string GuestId = "6f1c2b7e-0d4a-4c59-9a57-3a8f2f0c1d2e";
    private readonly SubmissionValidator _validator = new();

    [Fact]
    public void Valid_post_becomes_a_submission_in_profile_order_with_trimmed_and_normalized_values()
    {
        var result = Validate(new()
        {
            ["phone"] = "+44 (20) 7946-0000",
            ["email"] = "ada@example.com",
            ["name"] = "  Ada Lovelace ",
            ["guestId"] = GuestId,
        });

        Assert.True(result.Succeeded);
        Assert.Equal(GuestId, result.Submission.GuestId);
        Assert.Equal(["name", "email", "phone"], result.Submission.Fields.Select(f => f.Name));
        Assert.Equal(["/name", "/email", "/phone"], result.Submission.Fields.Select(f => f.Target));
        Assert.Equal(["Ada Lovelace", "ada@example.com", "+442079460000"], result.Submission.Fields.Select(f => f.Value));
    }

    [Fact]
    public void Missing_required_fields_are_each_reported_as_required()
    {
        var result = Validate(new() { ["name"] = "   " });

        Assert.Equal(400, result.Problem!.Status);
        Assert.Equal(["guestId", "name", "email", "phone"], result.Problem.Errors.Keys);
        Assert.All(result.Problem.Errors.Values, m => Assert.Equal(["is required"], m));
    }

    [Fact]
    public void Blank_optional_field_is_not_sent()
    {
        var profile = ProfileOptions.CreateDefault();
        profile.Fields["phone"].Required = false;

        var result = _validator.Validate(Fields(phone: " "), profile);

        Assert.DoesNotContain(result.Submission!.Fields, f => f.Name == "phone");
    }

    [Fact]
    public void Unknown_form_fields_are_ignored()
    {
        var fields = Fields();
        fields["utm_source"] = "newsletter";
        fields["admin"] = "true";

        var result = Validate(fields);

        Assert.Equal(3, result.Submission!.Fields.Count);
    }

    [Fact]
    public void Value_longer_than_the_field_maximum_is_rejected()
    {
        var result = Validate(Fields(name: new string('a', 201)));

        Assert.Equal(["must be at most 200 characters"], result.Problem!.Errors["name"]);
    }

    [Theory]
    [InlineData("ada@example")]
    [InlineData("ada.example.com")]
    [InlineData("ada@@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("\"ada lovelace\"@example.com")]
    [InlineData("ada lovelace@example.com")]
    public void Invalid_email_is_rejected(string email)
    {
        var result = Validate(Fields(email: email));

        Assert.Equal(["must be an email address such as name@example.com"], result.Problem!.Errors["email"]);
    }

    [Theory]
    [InlineData("+44 20 7946 0000", "+442079460000")]
    [InlineData("+1 (415) 555-0132", "+14155550132")]
    [InlineData("+49.30.1234.5678", "+493012345678")]
    public void Phone_is_normalized_to_e164(string phone, string expected)
    {
        var result = Validate(Fields(phone: phone));

        Assert.Equal(expected, result.Submission!.Fields.Single(f => f.Name == "phone").Value);
    }

    [Theory]
    [InlineData("020 7946 0000")]
    [InlineData("+0442079460000")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    [InlineData("+44 20 7946 000x")]
    [InlineData("++442079460000")]
    public void Invalid_phone_is_rejected(string phone)
    {
        var result = Validate(Fields(phone: phone));

        Assert.Equal(["must be a phone number in international format, such as +442079460000"], result.Problem!.Errors["phone"]);
    }

    [Theory]
    [InlineData("guest/other", "must not contain '/' or '\\'")]
    [InlineData("..", "must not contain '..'")]
    [InlineData("a..b", "must not contain '..'")]
    [InlineData("guest%2Fother", "must not contain '%' (no percent-encoded characters such as %2F)")]
    [InlineData("guest other", "must not contain whitespace")]
    [InlineData("guest\u00A0other", "must not contain whitespace")]
    [InlineData("guest\tother", "must not contain control characters")]
    [InlineData("guest\0", "must not contain control characters")]
    [InlineData("guest\r\nother", "must not contain control characters")]
    [InlineData("guest\\other", "must not contain '/' or '\\'")]
    public void Guest_id_that_could_change_the_upstream_path_is_rejected_whatever_the_format(string guestId, string message)
    {
        foreach (var format in Enum.GetValues<GuestIdFormat>())
        {
            var profile = ProfileOptions.CreateDefault();
            profile.GuestIdFormat = format;

            var result = _validator.Validate(Fields(guestId: guestId), profile);

            Assert.Equal([message], result.Problem!.Errors["guestId"]);
        }
    }

    [Theory]
    [InlineData("{6f1c2b7e-0d4a-4c59-9a57-3a8f2f0c1d2e}")]
    [InlineData("6f1c2b7e0d4a4c599a573a8f2f0c1d2e")]
    [InlineData("6f1c2b7e-0d4a-4c59-9a57-3a8f2f0c1d2")]
    [InlineData("not-a-uuid")]
    public void Guest_id_that_is_not_a_hyphenated_uuid_is_rejected_by_default(string guestId)
    {
        var result = Validate(Fields(guestId: guestId));

        Assert.Equal(["must be a UUID such as 6f1c2b7e-0d4a-4c59-9a57-3a8f2f0c1d2e"], result.Problem!.Errors["guestId"]);
    }

    [Theory]
    [InlineData("guest_42-A", true)]
    [InlineData("g", true)]
    [InlineData("guest.42", false)]
    [InlineData("guest:42", false)]
    [InlineData("gäst", false)]
    public void Token_guest_id_allows_letters_digits_underscore_and_dash(string guestId, bool valid)
    {
        var profile = ProfileOptions.CreateDefault();
        profile.GuestIdFormat = GuestIdFormat.Token;

        var result = _validator.Validate(Fields(guestId: guestId), profile);

        Assert.Equal(valid, result.Succeeded);
    }

    [Fact]
    public void Token_guest_id_longer_than_128_characters_is_rejected()
    {
        var profile = ProfileOptions.CreateDefault();
        profile.GuestIdFormat = GuestIdFormat.Token;
        profile.GuestIdField = "contactId";
        var fields = Fields();
        fields["contactId"] = new string('a', 129);

        var result = _validator.Validate(fields, profile);

        Assert.Equal(["must be 1 to 128 letters, digits, '_' or '-'"], result.Problem!.Errors["contactId"]);
    }

    private SubmissionResult Validate(Dictionary<string, string> fields) => _validator.Validate(fields, ProfileOptions.CreateDefault());

    private static Dictionary<string, string> Fields(
        string guestId = GuestId, string name = "Ada Lovelace", string email = "ada@example.com", string phone = "+442079460000") =>
        new(StringComparer.Ordinal) { ["guestId"] = guestId, ["name"] = name, ["email"] = email, ["phone"] = phone };
}
