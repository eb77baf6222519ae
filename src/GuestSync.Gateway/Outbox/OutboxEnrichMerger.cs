using System.Buffers;
using System.Text;
using System.Text.Json;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// Latest wins per contact field for enrich bodies (<c>POST …/contacts/enrich</c>, a <c>ContactEnrichRequest</c>), the
/// contacts-enrich part of <see cref="OutboxPatchMerger"/>. A target is a leaf of the partial <c>contact</c>, as a dotted
/// path: <c>contact.firstName</c>, <c>contact.customFields.emailEnc</c>, <c>contact.schema.version</c> (anything that is
/// not an object is a leaf, arrays included). Each leaf takes the side whose accepted-at for it is newer (a tie goes to the
/// side merged later); leaves on one side only are kept, in first-appearance order. The request's other members
/// (<c>matchingIdentifiers</c>, <c>action</c>, <c>fieldRules</c>) come from the newer side. Values are copied byte for byte.
/// </summary>
internal static class OutboxEnrichMerger
{
    public const string EnrichPath = "/api/v2/externalcontacts/contacts/enrich";
    private const string ContactMember = "contact";

    /// <summary>Whether the request is a single enrich (which this merger reads) rather than a patch.</summary>
    public static bool IsEnrich(OutboxRequest request) =>
        string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase)
        && string.Equals(request.PathAndQuery, EnrichPath, StringComparison.Ordinal);

    /// <summary>The leaves of an enrich body, or null when it is not one this merger can read.</summary>
    public static EnrichBody? TryRead(OutboxRequest request)
    {
        if (!IsEnrich(request))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(request.Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var body = new EnrichBody();
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (member.NameEquals(ContactMember) && member.Value.ValueKind == JsonValueKind.Object)
                {
                    body.AddLeaves(ContactMember, member.Value);
                }
                else
                {
                    body.Others.Add((member.Name, Encoding.UTF8.GetBytes(member.Value.GetRawText())));
                }
            }

            return body;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The merged body, or null when the leaves cannot be combined (one side's leaf is the other's object).</summary>
    public static byte[]? Merge(EnrichBody older, Dictionary<string, long> olderTicks, EnrichBody newer, Dictionary<string, long> newerTicks,
        bool incomingIsNewer, out Dictionary<string, long> ticks)
    {
        var existing = older;
        var incoming = newer;
        var merged = new Dictionary<string, long>(StringComparer.Ordinal);
        ticks = merged;
        var leaves = new List<(string Path, ReadOnlyMemory<byte> Raw)>();
        foreach (var (path, raw) in existing.Leaves)
        {
            var oldAt = olderTicks.GetValueOrDefault(path);
            if (incoming.Find(path) is { } newRaw && newerTicks.GetValueOrDefault(path) >= oldAt)
            {
                leaves.Add((path, newRaw));
                ticks[path] = newerTicks.GetValueOrDefault(path);
            }
            else
            {
                leaves.Add((path, raw));
                ticks[path] = oldAt;
            }
        }

        foreach (var (path, raw) in incoming.Leaves.Where(leaf => !merged.ContainsKey(leaf.Path)))
        {
            leaves.Add((path, raw));
            ticks[path] = newerTicks.GetValueOrDefault(path);
        }

        if (Overlaps(leaves))
        {
            return null;
        }

        return Write((incomingIsNewer ? incoming : existing).Others, leaves);
    }

    private static bool Overlaps(List<(string Path, ReadOnlyMemory<byte> Raw)> leaves)
    {
        var paths = leaves.Select(leaf => leaf.Path).Order(StringComparer.Ordinal).ToList();
        for (var i = 1; i < paths.Count; i++)
        {
            if (paths[i].StartsWith(paths[i - 1] + ".", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Write(List<(string Name, ReadOnlyMemory<byte> Raw)> others, List<(string Path, ReadOnlyMemory<byte> Raw)> leaves)
    {
        var buffer = new ArrayBufferWriter<byte>(leaves.Sum(leaf => leaf.Raw.Length + leaf.Path.Length + 4) + others.Sum(o => o.Raw.Length + o.Name.Length + 4) + 32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, raw) in others)
            {
                writer.WritePropertyName(name);
                writer.WriteRawValue(raw.Span, skipInputValidation: true);
            }

            WriteObject(writer, ContactMember, [.. leaves.Select(leaf => (leaf.Path[(ContactMember.Length + 1)..].Split('.'), leaf.Raw))]);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes <paramref name="name"/> as the object of these leaves (path names relative to it), grouped in first-appearance order.</summary>
    private static void WriteObject(Utf8JsonWriter writer, string name, List<(string[] Names, ReadOnlyMemory<byte> Raw)> leaves)
    {
        writer.WriteStartObject(name);
        foreach (var group in leaves.GroupBy(leaf => leaf.Names[0], StringComparer.Ordinal))
        {
            var first = group.First();
            if (first.Names.Length == 1)
            {
                writer.WritePropertyName(group.Key);
                writer.WriteRawValue(first.Raw.Span, skipInputValidation: true);
            }
            else
            {
                WriteObject(writer, group.Key, [.. group.Select(leaf => (leaf.Names[1..], leaf.Raw))]);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>An enrich body: its contact's leaves by dotted path, in order, and its other members raw.</summary>
    internal sealed class EnrichBody
    {
        public List<(string Path, ReadOnlyMemory<byte> Raw)> Leaves { get; } = [];

        public List<(string Name, ReadOnlyMemory<byte> Raw)> Others { get; } = [];

        public ReadOnlyMemory<byte>? Find(string path)
        {
            foreach (var leaf in Leaves)
            {
                if (leaf.Path == path)
                {
                    return leaf.Raw;
                }
            }

            return null;
        }

        public void AddLeaves(string path, JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                Leaves.Add((path, Encoding.UTF8.GetBytes(value.GetRawText())));
                return;
            }

            foreach (var member in value.EnumerateObject())
            {
                AddLeaves(path + "." + member.Name, member.Value);
            }
        }
    }
}
