using System.Text.Json.Nodes;
using GuestSync.Emulator.JsonPatch;

namespace GuestSync.Emulator.Tests.JsonPatch;

public sealed class JsonPatchApplierTests
{
    [Fact]
    public void Failed_patch_leaves_the_input_document_untouched()
    {
        var document = JsonNode.Parse("""{"a":1,"b":[1,2]}""");
        var operations = Parse("""[{"op":"remove","path":"/a"},{"op":"add","path":"/b/-","value":3},{"op":"remove","path":"/zzz"}]""");

        Assert.Throws<JsonPatchException>(() => JsonPatchApplier.Apply(document, operations));

        Assert.Equal("""{"a":1,"b":[1,2]}""", document!.ToJsonString());
    }

    [Fact]
    public void Successful_patch_returns_a_copy_and_leaves_the_input_untouched()
    {
        var document = JsonNode.Parse("""{"a":1}""");

        var result = JsonPatchApplier.Apply(document, Parse("""[{"op":"replace","path":"/a","value":2}]"""));

        Assert.Equal("""{"a":2}""", result!.ToJsonString());
        Assert.Equal("""{"a":1}""", document!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"n":1}""", """[{"op":"test","path":"/n","value":1.0}]""")]
    [InlineData("""{"n":100}""", """[{"op":"test","path":"/n","value":1e2}]""")]
    [InlineData("""{"o":{"a":1,"b":2}}""", """[{"op":"test","path":"/o","value":{"b":2,"a":1}}]""")]
    [InlineData("""{"n":null}""", """[{"op":"test","path":"/n","value":null}]""")]
    public void Test_compares_numbers_by_value_and_objects_without_member_order(string document, string patch)
    {
        JsonPatchApplier.Apply(JsonNode.Parse(document), Parse(patch));
    }

    [Theory]
    [InlineData("""[{"op":"test","path":"/n","value":"1"}]""")]
    [InlineData("""[{"op":"test","path":"/missing","value":null}]""")]
    [InlineData("""[{"op":"test","path":"/a/-","value":1}]""")]
    public void Test_fails_for_different_types_and_missing_locations(string patch)
    {
        Assert.Throws<JsonPatchException>(() => JsonPatchApplier.Apply(JsonNode.Parse("""{"n":1,"a":[1]}"""), Parse(patch)));
    }

    [Fact]
    public void Replace_keeps_the_member_order()
    {
        var result = JsonPatchApplier.Apply(JsonNode.Parse("""{"a":1,"b":2,"c":3}"""), Parse("""[{"op":"replace","path":"/b","value":9}]"""));

        Assert.Equal("""{"a":1,"b":9,"c":3}""", result!.ToJsonString());
    }

    [Fact]
    public void Moving_a_location_into_its_own_child_is_rejected()
    {
        Assert.Throws<JsonPatchException>(() =>
            JsonPatchApplier.Apply(JsonNode.Parse("""{"a":{"b":1}}"""), Parse("""[{"op":"move","from":"/a","path":"/a/c"}]""")));
    }

    [Fact]
    public void Repeated_copies_cannot_grow_the_document_without_bound()
    {
        var copies = string.Join(",", Enumerable.Repeat("""{"op":"copy","from":"/a","path":"/a/x"}""", 64));

        Assert.Throws<JsonPatchException>(() => JsonPatchApplier.Apply(JsonNode.Parse("""{"a":{"b":{"c":1}}}"""), Parse($"[{copies}]")));
    }

    [Fact]
    public void Documents_cannot_nest_deeper_than_64_levels()
    {
        var deep = new string('[', 40) + new string(']', 40);

        Assert.Throws<JsonPatchException>(() => JsonPatchApplier.Apply(
            JsonNode.Parse($$"""{"a":{{deep}}}"""),
            Parse($$"""[{"op":"add","path":"/a/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/x","value":{{deep}}}]""")));
    }

    private static IReadOnlyList<JsonPatchOperation> Parse(string patch) => JsonPatchParser.Parse(JsonNode.Parse(patch));
}
