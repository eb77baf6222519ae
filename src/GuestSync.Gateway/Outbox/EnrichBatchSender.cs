using System.Buffers;
using System.Text;
using System.Text.Json;
using GuestSync.Gateway.Patching;

namespace GuestSync.Gateway.Outbox;

/// <summary>
/// Sends queued contacts-enrich items of one organization as ONE bulk enrich request
/// (<c>POST /api/v2/externalcontacts/bulk/contacts/enrich</c>, <c>{"entities":[…]}</c>, at most 10), each entity the
/// item's stored <c>ContactEnrichRequest</c> with the item id as its tracker <c>id</c>, and reads the per-item results
/// (matched by that id: Genesys does not promise request order): a success delivers its item; an error with
/// <c>retryable</c> true is tried again, that item alone; another is permanent, with its status and error code. The
/// request goes through the same <see cref="IGenesysSender"/> as any other, so it counts once against the budget.
/// </summary>
internal sealed class EnrichBatchSender(IGenesysSender sender, TimeProvider time)
{
    /// <summary>Entities per bulk request, the Genesys limit.</summary>
    public const int MaxBatchSize = 10;

    /// <summary>Whether the item is a single enrich that may join a bulk request.</summary>
    public static bool CanBatch(OutboxItem item) =>
        EnrichKey.IsEnrich(item.Key) && OutboxEnrichMerger.IsEnrich(item.Request);

    /// <summary>
    /// The items in bulk batches of at most <paramref name="size"/>, in lease order (oldest first). A batch never holds two
    /// items of one guest: the store keeps one item per (org, key), so every edit of a guest is merged into that one item.
    /// </summary>
    public static List<OutboxItem[]> Batches(IEnumerable<OutboxItem> items, int size) => [.. items.Chunk(size)];

    /// <summary>One outcome per item, in the items' order; null when Genesys refused the whole request as invalid, so the
    /// items should be sent one by one for each to get its own answer.</summary>
    public async Task<IReadOnlyList<DeliveryOutcome>?> SendAsync(string org, IReadOnlyList<OutboxItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var request = new OutboxRequest("POST", PatchBuilder.BulkEnrichPath, PatchBuilder.JsonContentType, Body(items));
        DeliveryOutcome whole;
        try
        {
            using var response = await sender.SendAsync(org, request, cancellationToken);
            whole = DeliveryOutcome.Of(response, time);
            if (whole.Kind == DeliveryOutcomeKind.Delivered)
            {
                return await ReadResultsAsync(response, items, whole.GenesysCorrelationId, cancellationToken);
            }
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            whole = DeliveryOutcome.Of(failure);
        }

        return whole.Kind == DeliveryOutcomeKind.Permanent ? null : [.. items.Select(_ => whole)];
    }

    private static byte[] Body(IReadOnlyList<OutboxItem> items)
    {
        var buffer = new ArrayBufferWriter<byte>(items.Sum(item => item.Request.Body.Length + 32) + 32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("entities"u8);
            foreach (var item in items)
            {
                using var entity = JsonDocument.Parse(item.Request.Body);
                writer.WriteStartObject();
                writer.WriteString("id"u8, TrackerId(item));
                foreach (var member in entity.RootElement.EnumerateObject().Where(member => !member.NameEquals("id"u8)))
                {
                    member.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string TrackerId(OutboxItem item) => item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<DeliveryOutcome>> ReadResultsAsync(HttpResponseMessage response, IReadOnlyList<OutboxItem> items,
        string? correlationId, CancellationToken cancellationToken)
    {
        var byTracker = new Dictionary<string, DeliveryOutcome>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            if (document.RootElement.TryGetProperty("results"u8, out var results) && results.ValueKind == JsonValueKind.Array)
            {
                foreach (var result in results.EnumerateArray())
                {
                    if (result.ValueKind == JsonValueKind.Object && result.TryGetProperty("id"u8, out var id) && id.ValueKind == JsonValueKind.String)
                    {
                        byTracker[id.GetString()!] = Outcome(result, correlationId);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Unreadable: every item is tried again below.
        }

        var missing = new DeliveryOutcome(DeliveryOutcomeKind.Retry, 0, "no-bulk-result", correlationId, null) { ItemOnly = true };
        return [.. items.Select(item => byTracker.GetValueOrDefault(TrackerId(item)) ?? missing)];
    }

    /// <summary>One entity's result: its own status, and for an error its code and the fields it names, never its message
    /// (a message may quote a value).</summary>
    private static DeliveryOutcome Outcome(JsonElement result, string? correlationId)
    {
        var status = result.TryGetProperty("status"u8, out var s) && s.TryGetInt32(out var code) ? code : 0;
        if (result.TryGetProperty("success"u8, out var success) && success.ValueKind == JsonValueKind.True)
        {
            return new DeliveryOutcome(DeliveryOutcomeKind.Delivered, status == 0 ? 200 : status, null, correlationId, null) { ItemOnly = true };
        }

        var error = result.TryGetProperty("error"u8, out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        if (status == 0 && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("status"u8, out var es) && es.TryGetInt32(out var errorStatus))
        {
            status = errorStatus;
        }

        var retryable = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("retryable"u8, out var r) && r.ValueKind == JsonValueKind.True;
        return new DeliveryOutcome(retryable ? DeliveryOutcomeKind.Retry : DeliveryOutcomeKind.Permanent, status, Describe(error), correlationId, null) { ItemOnly = true };
    }

    private static string? Describe(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var text = new StringBuilder(error.TryGetProperty("code"u8, out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : "error");
        if (error.TryGetProperty("details"u8, out var details) && details.ValueKind == JsonValueKind.Array)
        {
            var fields = details.EnumerateArray()
                .Where(d => d.ValueKind == JsonValueKind.Object && d.TryGetProperty("fieldName"u8, out var f) && f.ValueKind == JsonValueKind.String)
                .Select(d => d.GetProperty("fieldName"u8).GetString())
                .ToList();
            if (fields.Count > 0)
            {
                text.Append(" (").AppendJoin(", ", fields).Append(')');
            }
        }

        return text.ToString();
    }
}
