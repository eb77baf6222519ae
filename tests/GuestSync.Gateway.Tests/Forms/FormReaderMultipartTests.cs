using System.Text;
using GuestSync.Gateway.Forms;
using Microsoft.AspNetCore.Http;

namespace GuestSync.Gateway.Tests.Forms;

public sealed class FormReaderMultipartTests
{
    private const string B = FormRequests.Boundary;
    private readonly FormReader _reader = new();

    [Fact]
    public async Task Multipart_text_parts_yield_their_fields()
    {
        var request = FormRequests.Multipart(("guestId", FormRequests.GuestId), ("name", "Ada \"Lovelace\" 😀"), ("email", "ada@example.com"));

        var result = await Read(request);

        Assert.True(result.Succeeded);
        Assert.Equal(FormRequests.GuestId, result.Fields["guestId"]);
        Assert.Equal("Ada \"Lovelace\" 😀", result.Fields["name"]);
    }

    [Fact]
    public async Task Text_part_with_explicit_utf8_text_plain_is_accepted()
    {
        var result = await Read(FormRequests.MultipartRaw(
            $"--{B}\r\nContent-Disposition: form-data; name=\"name\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAda\r\n--{B}--\r\n"));

        Assert.Equal("Ada", result.Fields["name"]);
    }

    [Theory]
    [InlineData("filename=\"cv.pdf\"")]
    [InlineData("filename=\"\"")]
    [InlineData("filename*=UTF-8''cv.pdf")]
    public async Task Part_with_a_file_name_is_rejected_as_a_file(string fileName)
    {
        var result = await Read(FormRequests.MultipartRaw(
            $"--{B}\r\nContent-Disposition: form-data; name=\"photo\"; {fileName}\r\nContent-Type: application/octet-stream\r\n\r\n\u0001\u0002\r\n--{B}--\r\n"));

        Assert.Equal(400, result.Problem!.Status);
        Assert.Equal(["is a file; files are not accepted"], result.Problem.Errors["photo"]);
    }

    [Fact]
    public async Task Non_text_part_is_rejected_naming_the_field()
    {
        var result = await Read(FormRequests.MultipartRaw(
            $"--{B}\r\nContent-Disposition: form-data; name=\"name\"\r\nContent-Type: application/json\r\n\r\n{{}}\r\n--{B}--\r\n"));

        Assert.Equal(["must be a text/plain part in UTF-8"], result.Problem!.Errors["name"]);
    }

    [Fact]
    public async Task Duplicate_part_is_rejected_naming_the_field()
    {
        var result = await Read(FormRequests.Multipart(("name", "a"), ("name", "b")));

        Assert.Equal(["is given more than once"], result.Problem!.Errors["name"]);
    }

    [Fact]
    public async Task Line_break_inside_a_part_value_is_rejected()
    {
        var result = await Read(FormRequests.Multipart(("name", "Ada\r\nBcc: x@example.com")));

        Assert.Equal(["must not contain a line break (CR or LF)"], result.Problem!.Errors["name"]);
    }

    [Fact]
    public async Task Invalid_utf8_part_is_rejected_naming_the_field()
    {
        var head = Encoding.ASCII.GetBytes($"--{B}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n");
        var tail = Encoding.ASCII.GetBytes($"\r\n--{B}--\r\n");
        byte[] body = [.. head, 0xC3, 0x28, .. tail];

        var result = await Read(FormRequests.Create($"multipart/form-data; boundary={B}", body));

        Assert.Equal(["is not valid UTF-8"], result.Problem!.Errors["name"]);
    }

    [Fact]
    public async Task Part_without_a_name_is_rejected_by_position()
    {
        var result = await Read(FormRequests.MultipartRaw($"--{B}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--{B}--\r\n"));

        Assert.Equal(["is not a form-data part with a name"], result.Problem!.Errors["(field 1)"]);
    }

    [Fact]
    public async Task Part_longer_than_the_field_limit_is_rejected()
    {
        var request = FormRequests.Multipart(("name", new string('a', 40)));

        var result = await _reader.ReadAsync(request, new FormLimits { MaxFieldLength = 10 }, CancellationToken.None);

        Assert.Equal(400, result.Problem!.Status);
        Assert.True(result.Problem.Errors.ContainsKey("name"));
    }

    [Theory]
    [InlineData("--other\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--other--\r\n")]
    [InlineData("--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx")]
    [InlineData("")]
    [InlineData("--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\nX-1: 1\r\nX-2: 2\r\nX-3: 3\r\nX-4: 4\r\nX-5: 5\r\n\r\nx\r\n--" + B + "--\r\n")]
    public async Task Malformed_or_truncated_multipart_is_400(string body)
    {
        var result = await Read(FormRequests.MultipartRaw(body));

        Assert.Equal(400, result.Problem!.Status);
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=\"\"")]
    public async Task Multipart_without_a_boundary_is_400(string contentType)
    {
        var result = await Read(FormRequests.Create(contentType, Encoding.ASCII.GetBytes("x")));

        Assert.Equal(400, result.Problem!.Status);
    }

    [Fact]
    public async Task Too_many_parts_is_413()
    {
        var parts = Enumerable.Range(0, 40).Select(i => ($"f{i}", "1")).ToArray();

        var result = await Read(FormRequests.Multipart(parts));

        Assert.Equal(413, result.Problem!.Status);
    }

    private ValueTask<FormReadResult> Read(HttpRequest request) =>
        _reader.ReadAsync(request, new FormLimits(), CancellationToken.None);
}
