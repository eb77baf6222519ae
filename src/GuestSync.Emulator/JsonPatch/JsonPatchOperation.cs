using System.Text.Json.Nodes;

namespace GuestSync.Emulator.JsonPatch;

/// <summary>One validated operation of a JSON Patch document.</summary>
/// <param name="Index">Position in the patch document, for error messages.</param>
/// <param name="Type">The operation.</param>
/// <param name="Path">The target location.</param>
/// <param name="From">The source location of <c>move</c> and <c>copy</c>.</param>
/// <param name="Value">The value of <c>add</c>, <c>replace</c> and <c>test</c> (JSON null is a null node).</param>
internal sealed record JsonPatchOperation(int Index, JsonPatchOperationType Type, JsonPointer Path, JsonPointer? From, JsonNode? Value)
{
    /// <summary>Names the operation in error messages, e.g. <c>operation 2 (replace /email)</c>; never holds a value.</summary>
    public string Describe() => $"operation {Index} ({Type.ToString().ToLowerInvariant()} '{Path.Text}')";
}
