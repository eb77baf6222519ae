using System.Text.Json;

namespace GuestSync.Gateway.Patching;

/// <summary>
/// A configured string (a target, an op, an action) with its JSON encoding, made once and reused for every patch, so
/// the writer does not check it for characters to escape per request. <see cref="For"/> re-encodes when the string was
/// replaced, so a changed option is never written stale.
/// </summary>
internal sealed class EncodedJsonString
{
    private EncodedJsonString(string source)
    {
        Source = source;
        Text = JsonEncodedText.Encode(source); // the encoder Utf8JsonWriter uses by default: the same bytes
    }

    public string Source { get; }

    public JsonEncodedText Text { get; }

    /// <summary>The encoding of <paramref name="value"/>, from <paramref name="cache"/> when it holds that very string.</summary>
    public static JsonEncodedText For(ref EncodedJsonString? cache, string value)
    {
        var cached = cache;
        if (cached is null || !ReferenceEquals(cached.Source, value))
        {
            cache = cached = new EncodedJsonString(value);
        }

        return cached.Text;
    }
}
