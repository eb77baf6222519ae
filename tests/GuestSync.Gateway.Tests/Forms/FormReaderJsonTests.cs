using System.Text;
using GuestSync.Gateway.Forms;

namespace GuestSync.Gateway.Tests.Forms;

public sealed class FormReaderJsonTests
{
    private readonly FormReader _reader = new();

    [Fact]
    public async Task Json_object_of_strings_yields_its_fields_unescaped()
    {
        var result = await Read("""{"guestId":"x","name":"Ada \"the\" \\ Countess \u2028 😀","email":"ada@example.com"}""");

        Assert.True(result.Succeeded);
        Assert.Equal("Ada \"the\" \\ Countess \u2028 😀", result.Fields["name"]);
    }

    [Fact]
    public async Task Json_null_counts_as_an_empty_value()
    {
        var result = await Read("""{"phone":null}""");

        Assert.Equal(string.Empty, result.Fields["phone"]);
    }

    [Fact]
    public async Task Non_string_values_are_rejected_per_field()
    {
        var result = await Read("""{"guestId":"x","age":42,"ok":true,"name":{"first":"Ada"},"email":["a@b.c"]}""");

        Assert.Equal(400, result.Problem!.Status);
        Assert.Equal(["age", "ok", "name", "email"], result.Problem.Errors.Keys);
        Assert.All(result.Problem.Errors.Values, messages => Assert.Equal(["must be a string"], messages));
    }

    [Fact]
    public async Task Deeply_nested_json_is_400()
    {
        var body = "{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}";

        var result = await Read(body);

        Assert.Equal(400, result.Problem!.Status);
    }

    [Fact]
    public async Task Huge_json_is_413()
    {
        var result = await Read("{\"name\":\"" + new string('a', 20_000) + "\"}");

        Assert.Equal(413, result.Problem!.Status);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"name\"")]
    [InlineData("42")]
    [InlineData("")]
    [InlineData("{\"a\":\"1\"} {\"b\":\"2\"}")]
    [InlineData("{\"a\":\"1\"}x")]
    [InlineData("{\"a\":\"1\",}")]
    [InlineData("{\"a\":\"1\" /* c */}")]
    [InlineData("{'a':'1'}")]
    [InlineData("{\"a\":\"1\"")]
    public async Task Anything_but_a_single_well_formed_object_is_400(string body)
    {
        var result = await Read(body);

        Assert.Equal(400, result.Problem!.Status);
        Assert.Empty(result.Problem.Errors);
    }

    [Fact]
    public async Task Duplicate_key_is_rejected_naming_the_field()
    {
        var result = await Read("""{"email":"a@example.com","email":"b@example.com"}""");

        Assert.Equal(["is given more than once"], result.Problem!.Errors["email"]);
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("a\\udc00b")]
    [InlineData("\\ud83d")]
    public async Task Escaped_lone_surrogate_is_rejected_naming_the_field(string escaped)
    {
        var result = await Read("{\"name\":\"" + escaped + "\"}");

        Assert.Equal(400, result.Problem!.Status);
        Assert.True(result.Problem.Errors.ContainsKey("name"));
    }

    [Theory]
    [InlineData("\\u0000", "must not contain control characters")]
    [InlineData("a\\r\\nb", "must not contain a line break (CR or LF)")]
    [InlineData("\\u202e", "must not contain bidirectional override or isolate characters")]
    public async Task Escaped_control_characters_are_rejected_naming_the_field(string escaped, string message)
    {
        var result = await Read("{\"name\":\"" + escaped + "\"}");

        Assert.Equal([message], result.Problem!.Errors["name"]);
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_string_is_rejected()
    {
        byte[] body = [.. "{\"name\":\""u8, 0xFF, 0xFE, .. "\"}"u8];

        var result = await _reader.ReadAsync(FormRequests.Create("application/json", body), new FormLimits(), CancellationToken.None);

        Assert.Equal(400, result.Problem!.Status);
    }

    [Fact]
    public async Task Too_many_properties_is_413()
    {
        var body = "{" + string.Join(',', Enumerable.Range(0, 33).Select(i => $"\"f{i}\":\"1\"")) + "}";

        var result = await Read(body);

        Assert.Equal(413, result.Problem!.Status);
    }

    private ValueTask<FormReadResult> Read(string body) =>
        _reader.ReadAsync(FormRequests.Create("application/json", Encoding.UTF8.GetBytes(body)), new FormLimits(), CancellationToken.None);
}
