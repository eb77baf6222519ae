using GuestSync.Gateway.Forms;

namespace GuestSync.Gateway.Tests.Forms;

public sealed class FormReaderUrlEncodedTests
{
    private readonly FormReader _reader = new();

    [Fact]
    public async Task Urlencoded_post_yields_its_decoded_fields()
    {
        var result = await Read(FormRequests.ValidUrlEncoded("&note=caf%C3%A9+%F0%9F%98%80%20ok"));

        Assert.True(result.Succeeded);
        Assert.Equal(FormRequests.GuestId, result.Fields["guestId"]);
        Assert.Equal("Ada Lovelace", result.Fields["name"]);
        Assert.Equal("ada@example.com", result.Fields["email"]);
        Assert.Equal("+442079460000", result.Fields["phone"]);
        Assert.Equal("café 😀 ok", result.Fields["note"]);
    }

    [Fact]
    public async Task Field_names_are_case_sensitive()
    {
        var result = await Read("name=a&Name=b");

        Assert.True(result.Succeeded);
        Assert.Equal("a", result.Fields["name"]);
        Assert.False(result.Fields.ContainsKey("NAME"));
    }

    [Fact]
    public async Task Empty_pairs_and_a_field_without_value_are_tolerated()
    {
        var result = await Read("a=1&&b&c=");

        Assert.True(result.Succeeded);
        Assert.Equal(string.Empty, result.Fields["b"]);
        Assert.Equal(string.Empty, result.Fields["c"]);
    }

    [Fact]
    public async Task Duplicate_field_is_rejected_naming_the_field()
    {
        var result = await Read(FormRequests.ValidUrlEncoded("&email=mallory%40example.com"));

        Assert.Equal(400, result.Problem!.Status);
        Assert.Equal(["is given more than once"], result.Problem.Errors["email"]);
    }

    [Theory]
    [InlineData("%zz")]
    [InlineData("%4")]
    [InlineData("abc%")]
    [InlineData("%%41")]
    [InlineData("%G1")]
    public async Task Malformed_percent_encoding_is_rejected_naming_the_field(string value)
    {
        var result = await Read("guestId=x&name=" + value);

        Assert.Equal(400, result.Problem!.Status);
        Assert.Equal(["is not valid percent-encoding"], result.Problem.Errors["name"]);
    }

    [Theory]
    [InlineData("%C3%28")]
    [InlineData("%FF")]
    [InlineData("%ED%A0%80")] // an encoded lone surrogate (U+D800)
    [InlineData("%C0%AF")] // overlong '/'
    [InlineData("%F0%9F%98")] // truncated emoji
    public async Task Invalid_utf8_is_rejected_naming_the_field(string value)
    {
        var result = await Read("name=" + value);

        Assert.Equal(["is not valid UTF-8"], result.Problem!.Errors["name"]);
    }

    [Theory]
    [InlineData("%0D", "must not contain a line break (CR or LF)")]
    [InlineData("%0A", "must not contain a line break (CR or LF)")]
    [InlineData("a%0D%0ASet-Cookie:+x", "must not contain a line break (CR or LF)")]
    [InlineData("%00", "must not contain control characters")]
    [InlineData("a%09b", "must not contain control characters")]
    [InlineData("%1B%5B31m", "must not contain control characters")]
    [InlineData("%7F", "must not contain control characters")]
    [InlineData("%C2%85", "must not contain control characters")] // NEL, a C1 control
    [InlineData("%E2%80%AEevil", "must not contain bidirectional override or isolate characters")]
    [InlineData("%E2%81%A6x", "must not contain bidirectional override or isolate characters")]
    public async Task Control_and_bidi_characters_are_rejected_naming_the_field(string value, string message)
    {
        var result = await Read("email=" + value);

        Assert.Equal([message], result.Problem!.Errors["email"]);
    }

    [Fact]
    public async Task Right_to_left_text_with_direction_marks_is_accepted()
    {
        var result = await Read("name=%D7%A9%D7%9C%D7%95%D7%9D%E2%80%8F");

        Assert.Equal("שלום\u200F", result.Fields["name"]);
    }

    [Theory]
    [InlineData("%zz=1")]
    [InlineData("%FF=1")]
    [InlineData("a%0Ab=1")]
    [InlineData("=1")]
    public async Task Unusable_field_name_is_reported_by_position(string pair)
    {
        var result = await Read("guestId=x&" + pair);

        Assert.Equal(400, result.Problem!.Status);
        Assert.True(result.Problem.Errors.ContainsKey("(field 2)"));
    }

    [Fact]
    public async Task Field_name_longer_than_128_characters_is_rejected()
    {
        var result = await Read(new string('n', 129) + "=1");

        Assert.Equal(["has a name longer than 128 characters"], result.Problem!.Errors["(field 1)"]);
    }

    [Fact]
    public async Task Value_longer_than_the_field_limit_is_rejected_naming_the_field()
    {
        var result = await _reader.ReadAsync(
            FormRequests.UrlEncoded("name=" + new string('a', 11)), new FormLimits { MaxFieldLength = 10 }, CancellationToken.None);

        Assert.Equal(["must be at most 10 characters"], result.Problem!.Errors["name"]);
    }

    [Fact]
    public async Task Every_field_at_fault_is_listed()
    {
        var result = await Read("name=%zz&email=%00&phone=ok&phone=again");

        Assert.Equal(["name", "email", "phone"], result.Problem!.Errors.Keys);
    }

    [Fact]
    public async Task Error_messages_never_repeat_the_submitted_value()
    {
        var result = await Read("email=secret%00value&email=secret2");

        var messages = result.Problem!.Errors.Values.SelectMany(m => m).Append(result.Problem.Detail ?? string.Empty);
        Assert.DoesNotContain(messages, m => m.Contains("secret", StringComparison.Ordinal));
    }

    private ValueTask<FormReadResult> Read(string body) =>
        _reader.ReadAsync(FormRequests.UrlEncoded(body), new FormLimits(), CancellationToken.None);
}
