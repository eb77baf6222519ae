using System.Text.Json.Nodes;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.JsonPatch;

/// <summary>
/// Applies RFC 6902 operations to free-form JSON. All or nothing: the operations run on a deep copy,
/// so when one fails (<see cref="JsonPatchException"/>) the caller's document is untouched.
/// </summary>
internal static class JsonPatchApplier
{
    /// <summary>
    /// The most values (objects, arrays and scalars) a patched document may hold. Repeated <c>copy</c> operations
    /// double a document each time, so without a cap a 2 KB patch could exhaust memory.
    /// </summary>
    public const int MaxValues = 1_000_000;

    /// <summary>Returns the patched copy of <paramref name="document"/> (a null node is JSON null).</summary>
    public static JsonNode? Apply(JsonNode? document, IReadOnlyList<JsonPatchOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var root = document?.DeepClone();
        var values = CountValues(root, MaxValues + 1);
        foreach (var operation in operations)
        {
            root = ApplyOne(root, operation, ref values);
        }

        return root;
    }

    /// <summary>Applies one operation; <paramref name="values"/> is an upper bound of the document's value count.</summary>
    private static JsonNode? ApplyOne(JsonNode? root, JsonPatchOperation operation, ref long values)
    {
        switch (operation.Type)
        {
            case JsonPatchOperationType.Add:
                Grow(ref values, operation.Value, operation);
                return Add(root, operation.Path, operation.Value?.DeepClone(), operation);
            case JsonPatchOperationType.Remove:
                return Remove(root, operation.Path, operation);
            case JsonPatchOperationType.Replace:
                Grow(ref values, operation.Value, operation);
                return Replace(root, operation);
            case JsonPatchOperationType.Move:
                return Move(root, operation);
            case JsonPatchOperationType.Copy:
                var source = Resolve(root, operation.From!, operation, "from");
                Grow(ref values, source, operation);
                return Add(root, operation.Path, source?.DeepClone(), operation);
            case JsonPatchOperationType.Test:
                return Test(root, operation);
            default:
                throw new JsonPatchException($"{operation.Describe()} is not supported.");
        }
    }

    private static void Grow(ref long values, JsonNode? added, JsonPatchOperation operation)
    {
        values += CountValues(added, MaxValues - values + 1);
        if (values > MaxValues)
        {
            throw new JsonPatchException($"{operation.Describe()}: the document would hold more than {MaxValues} values.");
        }
    }

    /// <summary>Counts the values in <paramref name="node"/>, stopping once the count reaches <paramref name="limit"/>.</summary>
    private static long CountValues(JsonNode? node, long limit)
    {
        long count = 1;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(member => member.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children)
        {
            if (count >= limit)
            {
                break;
            }

            count += CountValues(child, limit - count);
        }

        return count;
    }

    private static JsonNode? Add(JsonNode? root, JsonPointer path, JsonNode? value, JsonPatchOperation operation)
    {
        EnsureDepth(path, value, operation);
        if (path.IsRoot)
        {
            return value;
        }

        var (parent, token) = ResolveParent(root, path, operation);
        switch (parent)
        {
            case JsonObject obj:
                obj[token] = value;
                break;
            case JsonArray array when token == "-":
                array.Add(value);
                break;
            case JsonArray array when TryParseIndex(token, out var index) && index <= array.Count:
                array.Insert(index, value);
                break;
            default:
                throw new JsonPatchException($"{operation.Describe()}: the index is not a valid position in the array.");
        }

        return root;
    }

    private static JsonNode? Remove(JsonNode? root, JsonPointer path, JsonPatchOperation operation)
    {
        if (path.IsRoot)
        {
            throw new JsonPatchException($"{operation.Describe()}: the whole document cannot be removed.");
        }

        var (parent, token) = ResolveParent(root, path, operation);
        var removed = parent switch
        {
            JsonObject obj => obj.Remove(token),
            JsonArray array when TryParseIndex(token, out var index) && index < array.Count => RemoveAt(array, index),
            _ => false,
        };
        return removed ? root : throw new JsonPatchException($"{operation.Describe()}: the target location does not exist.");
    }

    private static JsonNode? Replace(JsonNode? root, JsonPatchOperation operation)
    {
        var path = operation.Path;
        var value = operation.Value?.DeepClone();
        EnsureDepth(path, value, operation);
        if (path.IsRoot)
        {
            return value;
        }

        var (parent, token) = ResolveParent(root, path, operation);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(token):
                obj[token] = value;
                return root;
            case JsonArray array when TryParseIndex(token, out var index) && index < array.Count:
                array[index] = value;
                return root;
            default:
                throw new JsonPatchException($"{operation.Describe()}: the target location does not exist.");
        }
    }

    private static JsonNode? Move(JsonNode? root, JsonPatchOperation operation)
    {
        var from = operation.From!;
        var value = Resolve(root, from, operation, "from");
        if (from.IsProperPrefixOf(operation.Path))
        {
            throw new JsonPatchException($"{operation.Describe()}: a location cannot be moved into one of its own children.");
        }

        if (from.Text == operation.Path.Text)
        {
            return root;
        }

        root = Remove(root, from, operation);
        return Add(root, operation.Path, value, operation);
    }

    private static JsonNode? Test(JsonNode? root, JsonPatchOperation operation)
    {
        var actual = Resolve(root, operation.Path, operation, "path");
        return JsonNode.DeepEquals(actual, operation.Value)
            ? root
            : throw new JsonPatchException($"{operation.Describe()}: the test failed, the value differs.");
    }

    private static JsonNode? Resolve(JsonNode? root, JsonPointer pointer, JsonPatchOperation operation, string member)
    {
        var node = root;
        foreach (var token in pointer.Tokens)
        {
            if (!TryStep(node, token, out node))
            {
                throw new JsonPatchException($"{operation.Describe()}: the '{member}' location '{pointer.Text}' does not exist.");
            }
        }

        return node;
    }

    private static (JsonNode Parent, string Token) ResolveParent(JsonNode? root, JsonPointer path, JsonPatchOperation operation)
    {
        var node = root;
        for (var i = 0; i < path.Tokens.Count - 1; i++)
        {
            if (!TryStep(node, path.Tokens[i], out node))
            {
                throw new JsonPatchException($"{operation.Describe()}: the parent of the target location does not exist.");
            }
        }

        return node is JsonObject or JsonArray
            ? (node, path.Tokens[^1])
            : throw new JsonPatchException($"{operation.Describe()}: the parent of the target location is not an object or array.");
    }

    private static bool TryStep(JsonNode? node, string token, out JsonNode? child)
    {
        switch (node)
        {
            case JsonObject obj:
                return obj.TryGetPropertyValue(token, out child);
            case JsonArray array when TryParseIndex(token, out var index) && index < array.Count:
                child = array[index];
                return true;
            default:
                child = null;
                return false;
        }
    }

    /// <summary>RFC 6901 array index: "0", or digits without a leading zero.</summary>
    private static bool TryParseIndex(string token, out int index)
    {
        index = -1;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        return int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index);
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    /// <summary>Keeps every document within <see cref="JsonDocuments.MaxDepth"/>, so repeated copies cannot nest without bound.</summary>
    private static void EnsureDepth(JsonPointer path, JsonNode? value, JsonPatchOperation operation)
    {
        if (path.Tokens.Count + JsonDocuments.DepthOf(value) > JsonDocuments.MaxDepth)
        {
            throw new JsonPatchException($"{operation.Describe()}: the document would nest deeper than {JsonDocuments.MaxDepth} levels.");
        }
    }
}
