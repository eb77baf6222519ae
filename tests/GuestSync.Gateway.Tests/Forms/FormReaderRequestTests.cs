using System.Text;
using GuestSync.Gateway.Forms;
using Microsoft.AspNetCore.Http;

namespace GuestSync.Gateway.Tests.Forms;

public sealed class FormReaderRequestTests
{
    private readonly FormReader _reader = new();

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    public async Task Non_post_method_is_refused_with_405_allowing_POST(string method)
    {
        var request = FormRequests.Create("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes("a=b"), method: method);

        var result = await Read(request);

        Assert.Equal(405, result.Problem!.Status);
        Assert.Equal("POST", result.Problem.Allow);
        Assert.False(FormReader.IsAllowedMethod(method));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/json-patch+json")]
    [InlineData("not a media type;;")]
    [InlineData("application/x-www-form-urlencoded; charset=iso-8859-1")]
    [InlineData("application/json; charset=utf-16")]
    public async Task Unsupported_content_type_is_415(string? contentType)
    {
        var result = await Read(FormRequests.Create(contentType, Encoding.UTF8.GetBytes("a=b")));

        Assert.Equal(415, result.Problem!.Status);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=UTF-8", "guestId=x")]
    [InlineData("Application/JSON; charset=\"utf-8\"", "{\"guestId\":\"x\"}")]
    public async Task Content_type_with_utf8_charset_is_accepted(string contentType, string body)
    {
        var result = await Read(FormRequests.Create(contentType, Encoding.UTF8.GetBytes(body)));

        Assert.True(result.Succeeded);
        Assert.Equal("x", result.Fields["guestId"]);
    }

    [Fact]
    public async Task Body_over_the_limit_is_413()
    {
        var body = "name=" + new string('a', 100);

        var result = await Read(FormRequests.UrlEncoded(body), new FormLimits { MaxBodyBytes = 100 });

        Assert.Equal(413, result.Problem!.Status);
    }

    [Fact]
    public async Task Body_exactly_at_the_limit_is_read()
    {
        var body = "name=" + new string('a', 95);

        var result = await Read(FormRequests.UrlEncoded(body), new FormLimits { MaxBodyBytes = 100, MaxFieldLength = 100 });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Declared_length_over_the_limit_is_413_without_reading_the_body()
    {
        var request = FormRequests.Create("application/json", new FailingStream(new InvalidOperationException("read")), contentLength: 1_000_000);

        var result = await Read(request);

        Assert.Equal(413, result.Problem!.Status);
    }

    [Fact]
    public async Task Body_larger_than_its_lying_content_length_is_413_when_over_the_limit()
    {
        var body = Encoding.UTF8.GetBytes("name=" + new string('a', 20_000));

        var result = await Read(FormRequests.Create("application/x-www-form-urlencoded", body, contentLength: 10));

        Assert.Equal(413, result.Problem!.Status);
    }

    [Fact]
    public async Task Endless_chunked_body_is_413_after_reading_just_past_the_limit()
    {
        var stream = new EndlessStream();

        var result = await Read(FormRequests.Create("application/x-www-form-urlencoded", stream, contentLength: null));

        Assert.Equal(413, result.Problem!.Status);
        Assert.Equal(new FormLimits().MaxBodyBytes + 1, stream.BytesRead);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(500)]
    public async Task Body_whose_length_differs_from_content_length_is_400(long declared)
    {
        var body = Encoding.UTF8.GetBytes("guestId=abc&name=x");

        var result = await Read(FormRequests.Create("application/x-www-form-urlencoded", body, contentLength: declared));

        Assert.Equal(400, result.Problem!.Status);
    }

    [Fact]
    public async Task Body_that_cannot_be_read_is_400()
    {
        var request = FormRequests.Create("application/json", new FailingStream(new IOException("reset")), contentLength: null);

        var result = await Read(request);

        Assert.Equal(400, result.Problem!.Status);
    }

    [Fact]
    public async Task Server_body_size_limit_is_413()
    {
        var failure = new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
        var request = FormRequests.Create("application/json", new FailingStream(failure), contentLength: null);

        var result = await Read(request);

        Assert.Equal(413, result.Problem!.Status);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_propagates()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var request = FormRequests.Create("application/json", new FailingStream(new OperationCanceledException(cancellation.Token)), contentLength: null);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _reader.ReadAsync(request, new FormLimits(), cancellation.Token).AsTask());
    }

    [Fact]
    public async Task More_fields_than_the_limit_is_413_even_when_the_extra_fields_are_unknown()
    {
        var body = FormRequests.ValidUrlEncoded("&utm_source=x");

        var result = await Read(FormRequests.UrlEncoded(body), new FormLimits { MaxFields = 4 });

        Assert.Equal(413, result.Problem!.Status);
        Assert.Contains("at most 4 fields", result.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thousands_of_fields_are_413()
    {
        var body = string.Join('&', Enumerable.Range(0, 3000).Select(i => $"f{i}=1"));

        var result = await Read(FormRequests.UrlEncoded(body), new FormLimits { MaxBodyBytes = 64 * 1024 });

        Assert.Equal(413, result.Problem!.Status);
    }

    [Fact]
    public async Task Multipart_value_limit_survives_a_huge_field_length_setting()
    {
        var request = FormRequests.Multipart(("name", "Ada"));

        var result = await _reader.ReadAsync(request, new FormLimits { MaxFieldLength = int.MaxValue }, CancellationToken.None);

        Assert.Equal("Ada", result.Fields["name"]);
    }

    [Fact]
    public async Task Problem_carries_the_status_and_field_errors()
    {
        var result = await Read(FormRequests.UrlEncoded("name=a&name=b"));

        var problem = result.Problem!;

        Assert.Equal(400, problem.Status);
        Assert.Equal(["is given more than once"], problem.Errors["name"]);
    }

    private ValueTask<FormReadResult> Read(HttpRequest request, FormLimits? limits = null) =>
        _reader.ReadAsync(request, limits ?? new FormLimits(), CancellationToken.None);
}
