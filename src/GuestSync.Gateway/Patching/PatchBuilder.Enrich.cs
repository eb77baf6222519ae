using System.Text.Json;
using GuestSync.Gateway.Profiles;

namespace GuestSync.Gateway.Patching;

/// <summary>
/// The contacts-enrich body, a <c>ContactEnrichRequest</c>:
/// <code>
/// {"matchingIdentifiers":[{"type":"Cookie","value":"&lt;guest id&gt;"}],"action":"Upsert",
///  "fieldRules":{"defaultAction":"PreferProvided"},
///  "contact":{"firstName":"Ada","customFields":{"emailEnc":"&lt;envelope&gt;"},"schema":{"id":"…","version":3}}}
/// </code>
/// The identifier is the guest id in plain text (Genesys matches it as sent); each field's JSONPath target becomes its
/// place in the partial contact, in profile order; the schema reference is written when the profile sets one.
/// </summary>
internal sealed partial class PatchBuilder
{
    private void WriteEnrich(Utf8JsonWriter writer, Submission submission, ProfileOptions profile)
    {
        var enrich = profile.Enrich;
        writer.WriteStartObject();
        writer.WriteStartArray("matchingIdentifiers"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, enrich.IdentifierType.ToString());
        writer.WriteString("value"u8, submission.GuestId);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteString("action"u8, enrich.Action);
        writer.WriteStartObject("fieldRules"u8);
        writer.WriteString("defaultAction"u8, enrich.DefaultFieldAction);
        writer.WriteEndObject();

        writer.WritePropertyName("contact"u8);
        var contact = ContactNode.Build(submission, profile);
        WriteNode(writer, contact, submission.GuestId, profile);
        writer.WriteEndObject();
    }

    private void WriteNode(Utf8JsonWriter writer, ContactNode node, string guestId, ProfileOptions profile)
    {
        writer.WriteStartObject();
        foreach (var (name, child) in node.Children)
        {
            writer.WritePropertyName(name);
            if (child.Field is { } field)
            {
                WriteValue(writer, field, guestId, profile);
            }
            else if (child.IsTimestamp)
            {
                WriteTimestamp(writer);
            }
            else
            {
                WriteNode(writer, child, guestId, profile);
            }
        }

        if (node.IsRoot && profile.Enrich.SchemaId is { Length: > 0 } schemaId)
        {
            writer.WriteStartObject("schema"u8);
            writer.WriteString("id"u8, schemaId);
            if (profile.Enrich.SchemaVersion is { } version)
            {
                writer.WriteNumber("version"u8, version);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>The partial contact as a tree of the targets' names, in profile order (targets never overlap: checked at start).</summary>
    private sealed class ContactNode
    {
        public List<(string Name, ContactNode Node)> Children { get; } = [];

        public SubmittedField? Field { get; private init; }

        public bool IsTimestamp { get; private init; }

        public bool IsRoot { get; private init; }

        public static ContactNode Build(Submission submission, ProfileOptions profile)
        {
            var root = new ContactNode { IsRoot = true };
            foreach (var field in submission.Fields)
            {
                root.Add(field.Target, new ContactNode { Field = field });
            }

            if (profile.ShouldAddLastUpdated && profile.EffectiveLastUpdatedTarget is { } target)
            {
                root.Add(target, new ContactNode { IsTimestamp = true });
            }

            return root;
        }

        private void Add(string target, ContactNode leaf)
        {
            var names = target[2..].Split('.'); // "$.a.b": checked by ExternalContactsPath at start
            var node = this;
            for (var i = 0; i < names.Length - 1; i++)
            {
                var next = node.Children.Find(child => child.Name == names[i]).Node;
                if (next is null)
                {
                    next = new ContactNode();
                    node.Children.Add((names[i], next));
                }

                node = next;
            }

            node.Children.Add((names[^1], leaf));
        }
    }
}
