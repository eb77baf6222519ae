using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GuestSync.Emulator.Storage;

/// <summary>How the emulator reads and writes JSON: strictly, and never deeper than it can safely recurse.</summary>
internal static class JsonDocuments
{
    /// <summary>The deepest nesting of objects and arrays the emulator reads or stores.</summary>
    public const int MaxDepth = 64;

    /// <summary>Rejects duplicate member names (JsonNode would otherwise throw later, on first access).</summary>
    public static readonly JsonDocumentOptions StrictOptions = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = MaxDepth,
    };

    /// <summary>Parses client input; throws <see cref="JsonException"/> when it is not valid JSON.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8Json) => JsonNode.Parse(utf8Json, documentOptions: StrictOptions);

    /// <summary>Says where the JSON is broken without quoting it (it may hold personal data).</summary>
    public static string DescribeInvalid(JsonException exception) =>
        exception.LineNumber is { } line
            ? $"The body is not valid JSON (or repeats a member name, or nests deeper than {MaxDepth}): line {line + 1}, byte {exception.BytePositionInLine + 1}."
            : $"The body is not valid JSON (or repeats a member name, or nests deeper than {MaxDepth}).";

    public static byte[] Serialize(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The nesting depth of <paramref name="node"/>: 0 for a scalar, 1 for <c>{}</c>.</summary>
    public static int DepthOf(JsonNode? node) => node switch
    {
        JsonObject obj => 1 + obj.Select(member => DepthOf(member.Value)).DefaultIfEmpty(0).Max(),
        JsonArray array => 1 + array.Select(DepthOf).DefaultIfEmpty(0).Max(),
        _ => 0,
    };
}
