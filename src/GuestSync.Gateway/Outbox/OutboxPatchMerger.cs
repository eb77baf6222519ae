using System.Buffers;
using System.Text.Json;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// Latest wins, per target. Pure and store-agnostic: every <see cref="IOutboxStore"/> calls it inside its
/// write transaction.
/// <list type="bullet">
/// <item>json-patch (<c>application/json-patch+json</c>, an array of <c>add</c>/<c>replace</c>/<c>remove</c>
/// ops): the target is <c>path</c>.</item>
/// <item>external-contacts (<c>application/json</c>, <c>{"changes":[{field,value,action}]}</c>): the target is
/// <c>field</c>; other top-level properties come from the newer side.</item>
/// <item>contacts-enrich (<c>POST …/contacts/enrich</c>): the target is each leaf of the partial <c>contact</c>
/// (<see cref="OutboxEnrichMerger"/>).</item>
/// </list>
/// For each target the op with the newest accepted-at wins (a tie goes to the side merged later), so an older
/// submission merged after a newer one does not overwrite it; targets on one side only are kept; existing order
/// is kept and new targets are appended. Ops are copied byte for byte. Anything else (another content type,
/// other ops, a different method or path on the two sides) cannot be merged by target: the newer body replaces.
/// </summary>
internal static class OutboxPatchMerger
{
    private const string JsonPatchContentType = "application/json-patch+json";
    private const string JsonContentType = "application/json";
    private const string WholeBodyTarget = "";

    /// <summary>The merge state of a request stored for the first time: every target stamped with
    /// <paramref name="acceptedAt"/>.</summary>
    public static OutboxMerge Start(OutboxRequest request, DateTimeOffset acceptedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ticks = acceptedAt.UtcTicks;
        if (OutboxEnrichMerger.TryRead(request) is { Leaves.Count: > 0 } enrich)
        {
            return new OutboxMerge(request, OutboxTargets.Write(enrich.Leaves.ToDictionary(leaf => leaf.Path, _ => ticks, StringComparer.Ordinal)));
        }

        var targets = PatchOps.TryRead(request) is { } ops
            ? ops.Targets.ToDictionary(target => target, _ => ticks, StringComparer.Ordinal)
            : new Dictionary<string, long>(StringComparer.Ordinal) { [WholeBodyTarget] = ticks };
        return new OutboxMerge(request, OutboxTargets.Write(targets));
    }

    /// <summary>Merges a new submission into a pending item.</summary>
    public static OutboxMerge Merge(OutboxRequest existing, string existingTargets, OutboxRequest incoming, DateTimeOffset incomingAcceptedAt) =>
        Merge(existing, existingTargets, incoming, Start(incoming, incomingAcceptedAt).Targets);

    /// <summary>Merges two stored items (e.g. a requeued dead letter into a pending item).</summary>
    public static OutboxMerge Merge(OutboxRequest existing, string existingTargets, OutboxRequest incoming, string incomingTargets)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(incoming);
        var oldTicks = OutboxTargets.Read(existingTargets);
        var newTicks = OutboxTargets.Read(incomingTargets);
        var incomingIsNewer = Latest(newTicks) >= Latest(oldTicks);
        if (OutboxEnrichMerger.IsEnrich(existing) || OutboxEnrichMerger.IsEnrich(incoming))
        {
            return MergeEnrich(existing, oldTicks, incoming, newTicks, incomingIsNewer);
        }

        var oldOps = PatchOps.TryRead(existing);
        var newOps = PatchOps.TryRead(incoming);
        if (oldOps is null || newOps is null || !SameResource(existing, incoming) || oldOps.IsJsonPatch != newOps.IsJsonPatch)
        {
            return incomingIsNewer ? new OutboxMerge(incoming, OutboxTargets.Write(newTicks)) : new OutboxMerge(existing, OutboxTargets.Write(oldTicks));
        }

        var merged = new List<ReadOnlyMemory<byte>>(oldOps.Targets.Count + newOps.Targets.Count);
        var ticks = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var target in oldOps.Targets)
        {
            var oldAt = oldTicks.GetValueOrDefault(target);
            if (newOps.Ops.TryGetValue(target, out var newer) && newTicks.GetValueOrDefault(target) >= oldAt)
            {
                merged.Add(newer);
                ticks[target] = newTicks.GetValueOrDefault(target);
            }
            else
            {
                merged.Add(oldOps.Ops[target]);
                ticks[target] = oldAt;
            }
        }

        foreach (var target in newOps.Targets.Where(t => !ticks.ContainsKey(t)))
        {
            merged.Add(newOps.Ops[target]);
            ticks[target] = newTicks.GetValueOrDefault(target);
        }

        var body = Write(merged, oldOps.IsJsonPatch ? null : (incomingIsNewer ? newOps : oldOps).Others);
        var template = incomingIsNewer ? incoming : existing;
        return new OutboxMerge(template with { Body = body }, OutboxTargets.Write(ticks));
    }

    private static OutboxMerge MergeEnrich(OutboxRequest existing, Dictionary<string, long> oldTicks, OutboxRequest incoming, Dictionary<string, long> newTicks, bool incomingIsNewer)
    {
        if (SameResource(existing, incoming)
            && OutboxEnrichMerger.TryRead(existing) is { } older
            && OutboxEnrichMerger.TryRead(incoming) is { } newer
            && OutboxEnrichMerger.Merge(older, oldTicks, newer, newTicks, incomingIsNewer, out var ticks) is { } body)
        {
            return new OutboxMerge((incomingIsNewer ? incoming : existing) with { Body = body }, OutboxTargets.Write(ticks));
        }

        return incomingIsNewer ? new OutboxMerge(incoming, OutboxTargets.Write(newTicks)) : new OutboxMerge(existing, OutboxTargets.Write(oldTicks));
    }

    private static long Latest(Dictionary<string, long> ticks) => ticks.Count == 0 ? long.MinValue : ticks.Values.Max();

    private static bool SameResource(OutboxRequest a, OutboxRequest b) =>
        string.Equals(a.Method, b.Method, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.PathAndQuery, b.PathAndQuery, StringComparison.Ordinal)
        && string.Equals(a.ContentType, b.ContentType, StringComparison.OrdinalIgnoreCase);

    private static byte[] Write(List<ReadOnlyMemory<byte>> ops, List<(string Name, ReadOnlyMemory<byte> Raw)>? others)
    {
        var buffer = new ArrayBufferWriter<byte>(ops.Sum(op => op.Length + 1) + 64);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = false }))
        {
            if (others is not null)
            {
                writer.WriteStartObject();
                foreach (var (name, raw) in others)
                {
                    writer.WritePropertyName(name);
                    writer.WriteRawValue(raw.Span, skipInputValidation: true);
                }

                writer.WriteStartArray("changes"u8);
            }
            else
            {
                writer.WriteStartArray();
            }

            foreach (var op in ops)
            {
                writer.WriteRawValue(op.Span, skipInputValidation: true);
            }

            writer.WriteEndArray();
            if (others is not null)
            {
                writer.WriteEndObject();
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A body's ops by target, raw, in first-appearance order; a later op on the same target replaces
    /// an earlier one (as it would when applied).</summary>
    private sealed class PatchOps
    {
        public bool IsJsonPatch { get; private init; }

        public List<string> Targets { get; } = [];

        public Dictionary<string, ReadOnlyMemory<byte>> Ops { get; } = new(StringComparer.Ordinal);

        public List<(string Name, ReadOnlyMemory<byte> Raw)> Others { get; } = [];

        public static PatchOps? TryRead(OutboxRequest request)
        {
            var mediaType = request.ContentType.Split(';', 2)[0].Trim();
            var isJsonPatch = mediaType.Equals(JsonPatchContentType, StringComparison.OrdinalIgnoreCase);
            if (!isJsonPatch && !mediaType.Equals(JsonContentType, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(request.Body);
                var ops = new PatchOps { IsJsonPatch = isJsonPatch };
                return isJsonPatch ? ops.ReadJsonPatch(document.RootElement) : ops.ReadChanges(document.RootElement);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private PatchOps? ReadJsonPatch(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var op in root.EnumerateArray())
            {
                if (op.ValueKind != JsonValueKind.Object
                    || !op.TryGetProperty("op", out var kind) || kind.GetString() is not ("add" or "replace" or "remove")
                    || !op.TryGetProperty("path", out var path) || path.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                Add(path.GetString()!, op);
            }

            return this;
        }

        private PatchOps? ReadChanges(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var change in changes.EnumerateArray())
            {
                if (change.ValueKind != JsonValueKind.Object || !change.TryGetProperty("field", out var field) || field.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                Add(field.GetString()!, change);
            }

            foreach (var property in root.EnumerateObject().Where(p => p.Name != "changes"))
            {
                Others.Add((property.Name, System.Text.Encoding.UTF8.GetBytes(property.Value.GetRawText())));
            }

            return this;
        }

        private void Add(string target, JsonElement op)
        {
            if (!Ops.ContainsKey(target))
            {
                Targets.Add(target);
            }

            Ops[target] = System.Text.Encoding.UTF8.GetBytes(op.GetRawText());
        }
    }
}
