using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace GuestSync.Emulator.Hosting;

/// <summary>Reads a whole request body, but never more than the limit plus one chunk.</summary>
internal static class RequestBodyReader
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async ValueTask<byte[]?> ReadAsync(HttpContext http, int maxBytes, CancellationToken cancellationToken)
    {
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return [];
        }

        if (http.Request.ContentLength is long length)
        {
            if (length > maxBytes)
            {
                return null;
            }

            var body = new byte[length];
            await http.Request.Body.ReadExactlyAsync(body, cancellationToken);
            return body;
        }

        return await ReadUnknownLengthAsync(http.Request.Body, maxBytes, cancellationToken);
    }

    private static async ValueTask<byte[]?> ReadUnknownLengthAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            using var buffer = new MemoryStream();
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
