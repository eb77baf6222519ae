using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Documents;
using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Contacts.Enrich;

/// <summary>
/// <c>POST /api/v2/externalcontacts/bulk/contacts/enrich</c>: <c>{"entities":[ContactEnrichRequest…]}</c>, 1 to 10 of
/// them, answered 200 with a <c>BulkContactsResponse</c>: one result per entity in request order (<c>id</c>,
/// <c>success</c>, <c>status</c>, <c>entity</c> or <c>error</c>), <c>errorCount</c> and <c>errorIndexes</c>. An entity
/// that fails does not stop the others.
/// </summary>
internal sealed class BulkContactEnrichOperation(EnrichRequestParser parser, ContactEnricher enricher, FaultInjector faults) : IApiOperation
{
    public const int MaxEntities = 10;

    public string Route => "/api/v2/externalcontacts/bulk/contacts/enrich";

    public string Noun => "bulk contact enrich";

    public Task HandleAsync(HttpContext http, EmulatorRequest request)
    {
        if (EnrichBody.Parse(request.Body) is not JsonObject body || body["entities"] is not JsonArray entities)
        {
            throw new DocumentChangeException([new FieldError("entities", "invalid.type", "The body must be {\"entities\":[…]} with 1 to 10 enrich requests.")]);
        }

        if (entities.Count is 0 or > MaxEntities)
        {
            throw new DocumentChangeException([new FieldError("entities", "invalid.value", $"entities must hold 1 to {MaxEntities} enrich requests; this request has {entities.Count}.")]);
        }

        var dryRun = EnrichBody.IsDryRun(http);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            var errorIndexes = new List<int>();
            for (var i = 0; i < entities.Count; i++)
            {
                if (!WriteResult(writer, entities[i], dryRun))
                {
                    errorIndexes.Add(i);
                }
            }

            writer.WriteEndArray();
            writer.WriteNumber("errorCount", errorIndexes.Count);
            writer.WriteStartArray("errorIndexes");
            errorIndexes.ForEach(writer.WriteNumberValue);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return GenesysErrors.WriteJsonAsync(http, StatusCodes.Status200OK, buffer.WrittenMemory);
    }

    /// <summary>Runs one entity and writes its result; false when it failed.</summary>
    private bool WriteResult(Utf8JsonWriter writer, JsonNode? entity, bool dryRun)
    {
        var trackerId = entity is JsonObject obj && obj["id"]?.GetValueKind() == JsonValueKind.String ? obj["id"]!.GetValue<string>() : null;
        var operation = parser.Parse(entity, out var errors);
        if (operation is null)
        {
            WriteError(writer, trackerId, StatusCodes.Status400BadRequest, GenesysErrorCodes.BadRequest, new DocumentChangeException(errors).Message, retryable: false, errors);
            return false;
        }

        if (faults.TryTakeBulkItem(operation.Identifiers.Select(identifier => identifier.Value)) is { } fault)
        {
            var message = $"Injected fault: the emulator was told to fail this item with {fault.StatusCode.ToString(CultureInfo.InvariantCulture)}.";
            WriteError(writer, trackerId, fault.StatusCode, GenesysErrorCodes.ForStatus(fault.StatusCode), message, fault.Retryable, []);
            return false;
        }

        EnrichOutcome outcome;
        try
        {
            outcome = enricher.Enrich(operation, dryRun);
        }
        catch (DocumentChangeException ex)
        {
            WriteError(writer, trackerId, ex.StatusCode, GenesysErrorCodes.ForStatus(ex.StatusCode), ex.Message, retryable: false, ex.FieldErrors);
            return false;
        }

        writer.WriteStartObject();
        writer.WriteString("id", trackerId ?? outcome.ContactId);
        writer.WriteBoolean("success", true);
        writer.WriteNumber("status", outcome.StatusCode);
        writer.WritePropertyName("entity");
        writer.WriteRawValue(outcome.Contact, skipInputValidation: true);
        writer.WriteEndObject();
        return true;
    }

    private static void WriteError(Utf8JsonWriter writer, string? trackerId, int status, string code, string message, bool retryable, IReadOnlyList<FieldError> details)
    {
        writer.WriteStartObject();
        if (trackerId is not null)
        {
            writer.WriteString("id", trackerId);
        }

        writer.WriteBoolean("success", false);
        writer.WriteNumber("status", status);
        writer.WriteStartObject("error");
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        writer.WriteNumber("status", status);
        writer.WriteBoolean("retryable", retryable);
        writer.WriteStartArray("details");
        foreach (var detail in details)
        {
            writer.WriteStartObject();
            writer.WriteString("fieldName", detail.FieldName);
            writer.WriteString("message", detail.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
