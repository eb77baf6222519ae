using System.Net.Http.Headers;

namespace GuestSync.Emulator.Hosting;

internal static class MediaTypes
{
    public const string JsonPatch = "application/json-patch+json";
    public const string Json = "application/json";

    /// <summary>True when <paramref name="contentType"/> is <paramref name="expected"/>, with no charset or UTF-8.</summary>
    public static bool Is(string? contentType, string expected)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !string.Equals(parsed.MediaType, expected, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var charset = parsed.CharSet?.Trim('"');
        return charset is null
            || string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase)
            || string.Equals(charset, "utf8", StringComparison.OrdinalIgnoreCase);
    }
}
