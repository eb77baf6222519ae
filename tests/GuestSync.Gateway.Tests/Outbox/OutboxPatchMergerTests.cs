using System.Text;
using GuestSync.Gateway.Outbox;

namespace GuestSync.Gateway.Tests.Outbox;

public sealed class OutboxPatchMergerTests
{
    private const string Path = "/api/v2/guests/g1";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Json_patch_newer_value_replaces_the_older_for_the_same_path_and_keeps_targets_only_in_the_older()
    {
        var first = OutboxPatchMerger.Start(Patch("""[{"op":"replace","path":"/name","value":"n1"},{"op":"replace","path":"/email","value":"e1"}]"""), T0);

        var merged = OutboxPatchMerger.Merge(first.Request, first.Targets, Patch("""[{"op":"replace","path":"/name","value":"n2"}]"""), T0.AddSeconds(1));

        Assert.Equal("""[{"op":"replace","path":"/name","value":"n2"},{"op":"replace","path":"/email","value":"e1"}]""", Body(merged));
    }

    [Fact]
    public void Json_patch_older_submission_merged_after_a_newer_one_does_not_overwrite_it()
    {
        var newer = OutboxPatchMerger.Start(Patch("""[{"op":"replace","path":"/name","value":"new"}]"""), T0.AddSeconds(5));

        var merged = OutboxPatchMerger.Merge(newer.Request, newer.Targets,
            Patch("""[{"op":"replace","path":"/name","value":"old"},{"op":"replace","path":"/phone","value":"p-old"}]"""), T0);

        Assert.Equal("""[{"op":"replace","path":"/name","value":"new"},{"op":"replace","path":"/phone","value":"p-old"}]""", Body(merged));
    }

    [Fact]
    public void Json_patch_keeps_the_existing_order_and_appends_new_targets()
    {
        var first = OutboxPatchMerger.Start(Patch("""[{"op":"replace","path":"/a","value":1},{"op":"replace","path":"/b","value":1}]"""), T0);

        var merged = OutboxPatchMerger.Merge(first.Request, first.Targets,
            Patch("""[{"op":"replace","path":"/c","value":2},{"op":"replace","path":"/a","value":2}]"""), T0.AddSeconds(1));

        Assert.Equal("""[{"op":"replace","path":"/a","value":2},{"op":"replace","path":"/b","value":1},{"op":"replace","path":"/c","value":2}]""", Body(merged));
    }

    [Fact]
    public void Five_edits_in_any_merge_order_end_with_the_latest_value_of_each_target()
    {
        var edits = Enumerable.Range(1, 5)
            .Select(i => (At: T0.AddSeconds(i), Request: Patch($$"""[{"op":"replace","path":"/name","value":"n{{i}}"},{"op":"replace","path":"/lastUpdated","value":"t{{i}}"}]""")))
            .ToList();
        var order = new[] { 2, 0, 4, 1, 3 };

        var state = OutboxPatchMerger.Start(edits[order[0]].Request, edits[order[0]].At);
        foreach (var index in order.Skip(1))
        {
            state = OutboxPatchMerger.Merge(state.Request, state.Targets, edits[index].Request, edits[index].At);
        }

        Assert.Equal("""[{"op":"replace","path":"/name","value":"n5"},{"op":"replace","path":"/lastUpdated","value":"t5"}]""", Body(state));
    }

    [Fact]
    public void External_contacts_newer_field_value_wins_and_fields_only_in_the_older_are_kept()
    {
        var first = OutboxPatchMerger.Start(Changes("""{"changes":[{"field":"$.firstName","value":"a1","action":"Update"},{"field":"$.customFields.note","value":"x1","action":"Update"}]}"""), T0);

        var merged = OutboxPatchMerger.Merge(first.Request, first.Targets,
            Changes("""{"changes":[{"field":"$.customFields.note","value":"x2","action":"Update"},{"field":"$.lastName","value":"b2","action":"Update"}]}"""), T0.AddSeconds(1));

        Assert.Equal(
            """{"changes":[{"field":"$.firstName","value":"a1","action":"Update"},{"field":"$.customFields.note","value":"x2","action":"Update"},{"field":"$.lastName","value":"b2","action":"Update"}]}""",
            Body(merged));
    }

    [Fact]
    public void External_contacts_older_submission_merged_after_a_newer_one_does_not_overwrite_it()
    {
        var newer = OutboxPatchMerger.Start(Changes("""{"changes":[{"field":"$.firstName","value":"new","action":"Update"}]}"""), T0.AddSeconds(5));

        var merged = OutboxPatchMerger.Merge(newer.Request, newer.Targets,
            Changes("""{"changes":[{"field":"$.firstName","value":"old","action":"Update"}]}"""), T0);

        Assert.Equal("""{"changes":[{"field":"$.firstName","value":"new","action":"Update"}]}""", Body(merged));
    }

    [Fact]
    public void External_contacts_other_top_level_properties_come_from_the_newer_body()
    {
        var first = OutboxPatchMerger.Start(Changes("""{"schema":{"version":1},"changes":[{"field":"$.a","value":"1","action":"Update"}]}"""), T0);

        var merged = OutboxPatchMerger.Merge(first.Request, first.Targets,
            Changes("""{"schema":{"version":2},"changes":[{"field":"$.b","value":"2","action":"Update"}]}"""), T0.AddSeconds(1));

        Assert.Equal(
            """{"schema":{"version":2},"changes":[{"field":"$.a","value":"1","action":"Update"},{"field":"$.b","value":"2","action":"Update"}]}""",
            Body(merged));
    }

    [Fact]
    public void Ops_are_copied_byte_for_byte_including_escapes()
    {
        const string op = """{"op":"replace","path":"/note","value":"a\u002Bb\"c"}""";
        var first = OutboxPatchMerger.Start(Patch($"[{op}]"), T0);

        var merged = OutboxPatchMerger.Merge(first.Request, first.Targets, Patch("""[{"op":"replace","path":"/x","value":"y"}]"""), T0.AddSeconds(1));

        Assert.Equal($$"""[{{op}},{"op":"replace","path":"/x","value":"y"}]""", Body(merged));
    }

    [Theory]
    [InlineData(1, "new")]
    [InlineData(-1, "old")]
    public void Body_that_cannot_be_merged_by_target_is_replaced_only_by_a_newer_one(int incomingOffsetSeconds, string expected)
    {
        var existing = OutboxPatchMerger.Start(new OutboxRequest("PATCH", Path, "text/plain", "old"u8.ToArray()), T0);

        var merged = OutboxPatchMerger.Merge(existing.Request, existing.Targets,
            new OutboxRequest("PATCH", Path, "text/plain", "new"u8.ToArray()), T0.AddSeconds(incomingOffsetSeconds));

        Assert.Equal(expected, Body(merged));
    }

    [Fact]
    public void Json_patch_with_ops_other_than_add_replace_remove_is_replaced_whole_by_a_newer_body()
    {
        var existing = OutboxPatchMerger.Start(Patch("""[{"op":"move","from":"/a","path":"/b"}]"""), T0);

        var merged = OutboxPatchMerger.Merge(existing.Request, existing.Targets, Patch("""[{"op":"replace","path":"/c","value":1}]"""), T0.AddSeconds(1));

        Assert.Equal("""[{"op":"replace","path":"/c","value":1}]""", Body(merged));
    }

    [Fact]
    public void Two_stored_items_merge_by_their_own_per_target_times()
    {
        // A dead letter (name at T0+10, email at T0) requeued into a pending item (name at T0+5, email at T0+5).
        var pending = OutboxPatchMerger.Start(Patch("""[{"op":"replace","path":"/name","value":"p"},{"op":"replace","path":"/email","value":"p"}]"""), T0.AddSeconds(5));
        var deadName = OutboxPatchMerger.Start(Patch("""[{"op":"replace","path":"/name","value":"d"}]"""), T0.AddSeconds(10));
        var deadEmail = OutboxPatchMerger.Merge(deadName.Request, deadName.Targets, Patch("""[{"op":"replace","path":"/email","value":"d"}]"""), T0);

        var merged = OutboxPatchMerger.Merge(pending.Request, pending.Targets, deadEmail.Request, deadEmail.Targets);

        Assert.Equal("""[{"op":"replace","path":"/name","value":"d"},{"op":"replace","path":"/email","value":"p"}]""", Body(merged));
    }

    private static OutboxRequest Patch(string json) => new("PATCH", Path, "application/json-patch+json", Encoding.UTF8.GetBytes(json));

    private static OutboxRequest Changes(string json) => new("PATCH", "/api/v2/externalcontacts/contacts/c1", "application/json", Encoding.UTF8.GetBytes(json));

    private static string Body(OutboxMerge merge) => Encoding.UTF8.GetString(merge.Request.Body.Span);
}
