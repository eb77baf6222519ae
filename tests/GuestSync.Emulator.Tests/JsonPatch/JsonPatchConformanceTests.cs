using System.Text.Json.Nodes;
using GuestSync.Emulator.JsonPatch;

namespace GuestSync.Emulator.Tests.JsonPatch;

/// <summary>The public json-patch-tests suite (Conformance/NOTICE.md): every enabled case of both files.</summary>
public sealed class JsonPatchConformanceTests
{
    public static TheoryData<string, int> Cases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var file in new[] { "tests.json", "spec_tests.json" })
        {
            var records = Load(file);
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i]!.AsObject();
                var disabled = record["disabled"]?.GetValue<bool>() == true;
                if (!disabled && record.ContainsKey("doc") && record.ContainsKey("patch"))
                {
                    cases.Add(file, i);
                }
            }
        }

        return cases;
    }

    [Fact]
    public void Suite_is_present_with_its_notice_and_all_enabled_cases_are_collected()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Conformance", "NOTICE.md")));
        Assert.Equal(108, Cases().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Enabled_case_behaves_as_the_suite_expects(string file, int index)
    {
        var record = Load(file)[index]!.AsObject();
        var document = record["doc"];

        if (record.ContainsKey("error"))
        {
            Assert.Throws<JsonPatchException>(() => JsonPatchApplier.Apply(document, JsonPatchParser.Parse(record["patch"])));
            return;
        }

        var result = JsonPatchApplier.Apply(document, JsonPatchParser.Parse(record["patch"]));

        Assert.True(
            JsonNode.DeepEquals(record["expected"], result),
            $"{record["comment"]}: expected {record["expected"]?.ToJsonString()}, got {result?.ToJsonString()}");
    }

    private static JsonArray Load(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", file)))!.AsArray();
}
