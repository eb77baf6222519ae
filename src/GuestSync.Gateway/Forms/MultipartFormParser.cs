using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace GuestSync.Gateway.Forms;

/// <summary>
/// Reads <c>multipart/form-data</c> text parts with ASP.NET Core's <see cref="MultipartReader"/>, over the
/// already size-checked body. A part with a file name is refused ("files are not accepted"), as is a part
/// whose content type is not UTF-8 <c>text/plain</c>.
/// </summary>
internal static class MultipartFormParser
{
    private const int MaxPartHeaders = 4;
    private const int MaxPartHeaderBytes = 2048;

    public static async ValueTask ParseAsync(
        byte[] body, int length, string boundary, FormLimits limits, FormFieldCollector fields, CancellationToken cancellationToken)
    {
        // A value of MaxFieldLength UTF-16 units takes at most three UTF-8 bytes per unit; one byte more detects overflow.
        var valueLimit = (int)Math.Min(length, 3L * limits.MaxFieldLength) + 1;
        var valueBuffer = ArrayPool<byte>.Shared.Rent(valueLimit);
        var stream = new MemoryStream(body, 0, length, writable: false);
        try
        {
            var reader = new MultipartReader(boundary, stream)
            {
                HeadersCountLimit = MaxPartHeaders,
                HeadersLengthLimit = MaxPartHeaderBytes,
                BodyLengthLimit = length,
            };

            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (!fields.BeginField())
                {
                    return;
                }

                await ReadPartAsync(section, valueBuffer.AsMemory(0, valueLimit), fields, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (InvalidDataException)
        {
            fields.Fail(FormProblems.Malformed("The multipart body is malformed or a part's headers are too large."));
        }
        catch (IOException)
        {
            fields.Fail(FormProblems.Malformed("The multipart body is truncated or does not use the declared boundary."));
        }
        finally
        {
            valueBuffer.AsSpan(0, valueLimit).Clear();
            ArrayPool<byte>.Shared.Return(valueBuffer);
        }
    }

    private static async ValueTask ReadPartAsync(
        MultipartSection section, Memory<byte> valueBuffer, FormFieldCollector fields, CancellationToken cancellationToken)
    {
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
            || StringSegment.IsNullOrEmpty(disposition.Name))
        {
            fields.AddUnnamedError("is not a form-data part with a name");
            return;
        }

        var name = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
        if (!fields.AcceptName(name))
        {
            return;
        }

        // Any filename parameter, even empty (an unselected file input), marks a file part.
        if (disposition.FileName.HasValue || disposition.FileNameStar.HasValue)
        {
            fields.AddError(name, "is a file; files are not accepted");
            return;
        }

        if (section.ContentType is { } contentType && !IsUtf8Text(contentType))
        {
            fields.AddError(name, "must be a text/plain part in UTF-8");
            return;
        }

        var length = 0;
        int read;
        while ((read = await section.Body.ReadAsync(valueBuffer[length..], cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
            if (length == valueBuffer.Length)
            {
                fields.AddError(name, "is too long");
                return; // The reader skips the rest of the part.
            }
        }

        var value = valueBuffer.Span[..length];
        if (!Utf8.IsValid(value))
        {
            fields.AddError(name, "is not valid UTF-8");
            return;
        }

        fields.AddValue(name, Encoding.UTF8.GetString(value));
    }

    private static bool IsUtf8Text(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
        && (!mediaType.Charset.HasValue || FormContentType.IsUtf8(mediaType.Charset));
}
