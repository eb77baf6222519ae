using System.Text;
using GuestSync.Gateway.Outbox;

namespace GuestSync.Gateway.Tests.Outbox;

public sealed class OutboxEnrichMergerTests
{
    private const string Path = "/api/v2/externalcontacts/contacts/enrich";
    private const string Head = """{"matchingIdentifiers":[{"type":"Cookie","value":"v1"}],"action":"Upsert","fieldRules":{"defaultAction":"PreferProvided"},""";
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Newer_value_wins_per_contact_field_and_fields_only_in_the_older_are_kept()
    {
        var first = OutboxPatchMerger.Start(Enrich("""{"firstName":"Ada","customFields":{"emailEnc":"e1","phoneEnc":"p1"},"schema":{"id":"s","version":1}}"""), T0);

        var merged = OutboxPatchMerger.Merge(first.Request, first.Targets,
            Enrich("""{"firstName":"Augusta","customFields":{"emailEnc":"e2"},"schema":{"id":"s","version":2}}"""), T0.AddSeconds(1));

        Assert.Equal(Head + "\"contact\":" + """{"firstName":"Augusta","customFields":{"emailEnc":"e2","phoneEnc":"p1"},"schema":{"id":"s","version":2}}}""", Body(merged));
    }

    [Fact]
    public void Older_submission_merged_after_a_newer_one_does_not_overwrite_its_fields()
    {
        var newer = OutboxPatchMerger.Start(Enrich("""{"customFields":{"emailEnc":"new"}}""", action: "Merge"), T0.AddSeconds(5));

        var merged = OutboxPatchMerger.Merge(newer.Request, newer.Targets, Enrich("""{"firstName":"Ada","customFields":{"emailEnc":"old"}}"""), T0);

        Assert.Equal(Head.Replace("Upsert", "Merge", StringComparison.Ordinal) + "\"contact\":" + """{"customFields":{"emailEnc":"new"},"firstName":"Ada"}}""", Body(merged));
    }

    [Fact]
    public void Field_edited_three_times_keeps_the_last_and_each_field_its_own_time()
    {
        var merge = OutboxPatchMerger.Start(Enrich("""{"firstName":"a1","lastName":"b1"}"""), T0);
        merge = OutboxPatchMerger.Merge(merge.Request, merge.Targets, Enrich("""{"firstName":"a2"}"""), T0.AddSeconds(2));
        merge = OutboxPatchMerger.Merge(merge.Request, merge.Targets, Enrich("""{"lastName":"b0","firstName":"a0"}"""), T0.AddSeconds(1));

        Assert.Equal(Head + "\"contact\":" + """{"firstName":"a2","lastName":"b0"}}""", Body(merge));
        Assert.Equal($$"""{"contact.firstName":{{T0.AddSeconds(2).UtcTicks}},"contact.lastName":{{T0.AddSeconds(1).UtcTicks}}}""", merge.Targets);
    }

    [Fact]
    public void Leaf_that_is_an_object_on_the_other_side_cannot_be_merged_so_the_newer_body_replaces()
    {
        var first = OutboxPatchMerger.Start(Enrich("""{"address":"10 Downing St"}"""), T0);
        var newer = Enrich("""{"address":{"city":"London"}}""");

        var merged = OutboxPatchMerger.Merge(first.Request, first.Targets, newer, T0.AddSeconds(1));

        Assert.Equal(Encoding.UTF8.GetString(newer.Body.Span), Body(merged));
    }

    private static OutboxRequest Enrich(string contact, string action = "Upsert") =>
        new("POST", Path, "application/json", Encoding.UTF8.GetBytes(Head.Replace("Upsert", action, StringComparison.Ordinal) + "\"contact\":" + contact + "}"));

    private static string Body(OutboxMerge merge) => Encoding.UTF8.GetString(merge.Request.Body.Span);
}
