using System.Text.Json;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.JsonPatch;

/// <summary>Reads an RFC 6902 patch document and validates every operation before any is applied.</summary>
internal static class JsonPatchParser
{
    /// <summary>Parses UTF-8 JSON; throws <see cref="JsonPatchException"/> when it is not a valid patch document.</summary>
    public static IReadOnlyList<JsonPatchOperation> Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonNode? document;
        try
        {
            document = JsonDocuments.Parse(utf8Json);
        }
        catch (JsonException ex)
        {
            throw new JsonPatchException(JsonDocuments.DescribeInvalid(ex), ex);
        }

        return Parse(document);
    }

    public static IReadOnlyList<JsonPatchOperation> Parse(JsonNode? document)
    {
        if (document is not JsonArray array)
        {
            throw new JsonPatchException("A JSON Patch document must be a JSON array of operations.");
        }

        var operations = new List<JsonPatchOperation>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            operations.Add(ParseOperation(i, array[i]));
        }

        return operations;
    }

    private static JsonPatchOperation ParseOperation(int index, JsonNode? node)
    {
        if (node is not JsonObject operation)
        {
            throw new JsonPatchException($"Operation {index} must be a JSON object.");
        }

        var type = ParseType(index, operation);
        var path = ReadPointer(index, operation, "path");
        var from = type is JsonPatchOperationType.Move or JsonPatchOperationType.Copy ? ReadPointer(index, operation, "from") : null;
        var needsValue = type is JsonPatchOperationType.Add or JsonPatchOperationType.Replace or JsonPatchOperationType.Test;
        JsonNode? value = null;
        if (needsValue && !operation.TryGetPropertyValue("value", out value))
        {
            throw new JsonPatchException($"Operation {index} ({type.ToString().ToLowerInvariant()}) needs a 'value' member.");
        }

        return new JsonPatchOperation(index, type, path, from, value);
    }

    private static JsonPatchOperationType ParseType(int index, JsonObject operation)
    {
        var op = ReadString(index, operation, "op");
        return op switch
        {
            "add" => JsonPatchOperationType.Add,
            "remove" => JsonPatchOperationType.Remove,
            "replace" => JsonPatchOperationType.Replace,
            "move" => JsonPatchOperationType.Move,
            "copy" => JsonPatchOperationType.Copy,
            "test" => JsonPatchOperationType.Test,
            _ => throw new JsonPatchException($"Operation {index} has an unknown op; use add, remove, replace, move, copy or test."),
        };
    }

    private static JsonPointer ReadPointer(int index, JsonObject operation, string member)
    {
        var text = ReadString(index, operation, member);
        return JsonPointer.TryParse(text, out var pointer)
            ? pointer
            : throw new JsonPatchException($"Operation {index} has an invalid '{member}': a JSON Pointer is empty or starts with '/', and '~' is only followed by 0 or 1.");
    }

    private static string ReadString(int index, JsonObject operation, string member)
    {
        if (!operation.TryGetPropertyValue(member, out var node) || node is null)
        {
            throw new JsonPatchException($"Operation {index} needs a '{member}' member.");
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw new JsonPatchException($"Operation {index} has a '{member}' that is not a string.");
        }

        return node.GetValue<string>();
    }
}
