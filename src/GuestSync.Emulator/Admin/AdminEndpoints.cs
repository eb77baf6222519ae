using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using GuestSync.Emulator.Errors;
using GuestSync.Emulator.Hosting;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Admin;

/// <summary>
/// The test-control API under <c>/admin</c>, mapped only when <see cref="EmulatorOptions.AdminApiEnabled"/> is set.
/// Mistakes are answered 400 in the Genesys error shape.
/// </summary>
internal sealed class AdminEndpoints(EmulatorControl control)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public void Map(IEndpointRouteBuilder endpoints, EmulatorRequestPipeline pipeline)
    {
        var admin = endpoints.MapGroup("/admin");
        admin.MapGet("/requests", pipeline.WrapAdmin(GetRequestsAsync));
        admin.MapDelete("/requests", pipeline.WrapAdmin((http, request) => NoContent(http, control.ReceivedRequests.Clear)));
        admin.MapGet("/faults", pipeline.WrapAdmin(GetFaultsAsync));
        admin.MapDelete("/faults", pipeline.WrapAdmin((http, request) => NoContent(http, control.Faults.Reset)));
        admin.MapPost("/faults/fail", pipeline.WrapAdmin(FailNextAsync));
        admin.MapPost("/faults/drop", pipeline.WrapAdmin(DropNextAsync));
        admin.MapPost("/faults/bulk-item", pipeline.WrapAdmin(FailBulkItemAsync));
        admin.MapPut("/faults/latency", pipeline.WrapAdmin(SetLatencyAsync));
        admin.MapPut("/faults/token-endpoint", pipeline.WrapAdmin(SetTokenEndpointAsync));
        admin.MapPost("/tokens/revoke", pipeline.WrapAdmin((http, request) => NoContent(http, control.Tokens.RevokeAll)));
        admin.MapPost("/reset", pipeline.WrapAdmin((http, request) => NoContent(http, control.Reset)));
        admin.MapGet("/stats", pipeline.WrapAdmin(GetStatsAsync));
        MapDocuments(admin, pipeline, "/guests/{id}", control.Stores.Guests);
        MapDocuments(admin, pipeline, "/contacts/{id}", control.Stores.Contacts);
    }

    private static void MapDocuments(RouteGroupBuilder admin, EmulatorRequestPipeline pipeline, string route, DocumentStore store)
    {
        admin.MapGet(route, pipeline.WrapAdmin((http, request) => store.GetJson(Id(http)) is { } json
            ? GenesysErrors.WriteJsonAsync(http, StatusCodes.Status200OK, json)
            : GenesysErrors.WriteAsync(http, request, StatusCodes.Status404NotFound, GenesysErrorCodes.NotFound, "No document has this id.")));
        admin.MapPut(route, pipeline.WrapAdmin((http, request) => PutDocumentAsync(http, request, store)));
    }

    private static Task PutDocumentAsync(HttpContext http, EmulatorRequest request, DocumentStore store)
    {
        JsonNode? document;
        try
        {
            document = JsonDocuments.Parse(request.Body);
        }
        catch (JsonException ex)
        {
            return BadRequest(http, request, JsonDocuments.DescribeInvalid(ex));
        }

        if (document is not JsonObject obj)
        {
            return BadRequest(http, request, "The document must be a JSON object.");
        }

        store.Put(Id(http), obj);
        return NoContent(http, () => { });
    }

    private Task GetRequestsAsync(HttpContext http, EmulatorRequest request)
    {
        var models = control.ReceivedRequests.Snapshot().Select(ToModel).ToList();
        return WriteAsync(http, models, AdminJsonContext.Default.ListReceivedRequestModel);
    }

    private Task GetFaultsAsync(HttpContext http, EmulatorRequest request) =>
        WriteAsync(http, new FaultState((int)control.Faults.Latency.TotalMilliseconds, control.Faults.TokenEndpointDown), AdminJsonContext.Default.FaultState);

    private Task GetStatsAsync(HttpContext http, EmulatorRequest request) =>
        WriteAsync(http, new EmulatorStats(control.Tokens.TokensIssued, control.ReceivedRequests.Snapshot().Count), AdminJsonContext.Default.EmulatorStats);

    private Task FailNextAsync(HttpContext http, EmulatorRequest request) =>
        Command(http, request, AdminJsonContext.Default.FailFaultRequest, fail => control.Faults.FailNext(fail.PathPrefix!, fail.StatusCode, fail.Count, fail.RetryAfter));

    private Task DropNextAsync(HttpContext http, EmulatorRequest request) =>
        Command(http, request, AdminJsonContext.Default.DropFaultRequest, drop => control.Faults.DropNext(drop.PathPrefix!, drop.Count));

    private Task FailBulkItemAsync(HttpContext http, EmulatorRequest request) =>
        Command(http, request, AdminJsonContext.Default.BulkItemFaultRequest, item => control.Faults.FailNextBulkEnrichItem(item.IdentifierValue!, item.StatusCode, item.Count, item.Retryable));

    private Task SetLatencyAsync(HttpContext http, EmulatorRequest request) =>
        Command(http, request, AdminJsonContext.Default.LatencyRequest, latency => control.Faults.Latency = TimeSpan.FromMilliseconds(latency.Milliseconds));

    private Task SetTokenEndpointAsync(HttpContext http, EmulatorRequest request) =>
        Command(http, request, AdminJsonContext.Default.TokenEndpointRequest, state => control.Faults.TokenEndpointDown = state.Down);

    /// <summary>Reads a command body and runs it; bad JSON or an argument the injector refuses is a 400.</summary>
    private static Task Command<T>(HttpContext http, EmulatorRequest request, JsonTypeInfo<T> typeInfo, Action<T> run)
    {
        try
        {
            var command = JsonSerializer.Deserialize(request.Body, typeInfo) ?? throw new JsonException("The body is null.");
            run(command);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return BadRequest(http, request, ex is JsonException ? $"The body does not match the command: {ex.Message}" : ex.Message);
        }

        return NoContent(http, () => { });
    }

    private static ReceivedRequestModel ToModel(ReceivedRequest received) => new(
        received.ReceivedAt,
        received.Method,
        received.Path,
        received.Query,
        received.Headers,
        received.BearerToken,
        received.Status,
        TryDecodeUtf8(received.Body),
        Convert.ToBase64String(received.Body));

    private static string? TryDecodeUtf8(byte[] body)
    {
        try
        {
            return StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Id(HttpContext http) => (string)http.GetRouteValue("id")!;

    private static Task WriteAsync<T>(HttpContext http, T value, JsonTypeInfo<T> typeInfo) =>
        GenesysErrors.WriteJsonAsync(http, StatusCodes.Status200OK, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    private static Task BadRequest(HttpContext http, EmulatorRequest request, string message) =>
        GenesysErrors.WriteAsync(http, request, StatusCodes.Status400BadRequest, GenesysErrorCodes.BadRequest, message);

    private static Task NoContent(HttpContext http, Action action)
    {
        action();
        http.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
