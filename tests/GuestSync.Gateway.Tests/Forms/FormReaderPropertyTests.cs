using CsCheck;
using GuestSync.Gateway.Forms;

namespace GuestSync.Gateway.Tests.Forms;

public sealed class FormReaderPropertyTests
{
    // Fixed so a failure reproduces; CsCheck prints the shrunk input and its own seed on failure.
    private const string Seed = "0N0XIzNsQ0O2";

    private static readonly string[] ContentTypes =
    [
        "application/x-www-form-urlencoded",
        "application/json",
        "multipart/form-data; boundary=" + FormRequests.Boundary,
    ];

    private static readonly Gen<byte[]> HostileBytes = Gen.OneOf(
        Gen.Byte.Array[0, 600],
        Gen.Char["%&=+0123456789abcdefABCDEF\r\n\0"].Array[0, 300].Select(c => System.Text.Encoding.Latin1.GetBytes(c)),
        Gen.String[0, 300].Select(s => System.Text.Encoding.UTF8.GetBytes(s)));

    [Fact]
    public Task Any_byte_string_as_any_accepted_content_type_yields_a_result_never_an_exception() =>
        Gen.Select(HostileBytes, Gen.Int[0, ContentTypes.Length - 1], Gen.Bool).SampleAsync(async (body, type, honestLength) =>
        {
            var request = FormRequests.Create(ContentTypes[type], body, honestLength ? body.Length : null);

            var result = await new FormReader().ReadAsync(request, new FormLimits { MaxBodyBytes = 512 }, CancellationToken.None);

            Assert.True(result.Succeeded || result.Problem.Status is >= 400 and < 500);
        }, seed: Seed, iter: 3000, threads: 1);
}
