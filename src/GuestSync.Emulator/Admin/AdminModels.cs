using System.Text.Json;
using System.Text.Json.Serialization;

namespace GuestSync.Emulator.Admin;

/// <summary>Body of <c>POST /admin/faults/fail</c>.</summary>
internal sealed record FailFaultRequest(string? PathPrefix, int StatusCode, int Count = 1, string? RetryAfter = null);

/// <summary>Body of <c>POST /admin/faults/bulk-item</c>.</summary>
internal sealed record BulkItemFaultRequest(string? IdentifierValue, int StatusCode = 503, int Count = 1, bool Retryable = true);

/// <summary>Body of <c>POST /admin/faults/drop</c>.</summary>
internal sealed record DropFaultRequest(string? PathPrefix, int Count = 1);

/// <summary>Body of <c>PUT /admin/faults/latency</c>.</summary>
internal sealed record LatencyRequest(int Milliseconds);

/// <summary>Body of <c>PUT /admin/faults/token-endpoint</c>.</summary>
internal sealed record TokenEndpointRequest(bool Down);

/// <summary>State of the armed faults, answered by <c>GET /admin/faults</c>.</summary>
internal sealed record FaultState(int LatencyMilliseconds, bool TokenEndpointDown);

/// <summary>Counters answered by <c>GET /admin/stats</c>.</summary>
internal sealed record EmulatorStats(int TokensIssued, int ReceivedRequests);

/// <summary>One received request as the admin API shows it; <c>body</c> is the UTF-8 text when the body is valid UTF-8.</summary>
internal sealed record ReceivedRequestModel(
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string? BearerToken,
    int Status,
    string? Body,
    string BodyBase64);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(FailFaultRequest))]
[JsonSerializable(typeof(DropFaultRequest))]
[JsonSerializable(typeof(BulkItemFaultRequest))]
[JsonSerializable(typeof(LatencyRequest))]
[JsonSerializable(typeof(TokenEndpointRequest))]
[JsonSerializable(typeof(FaultState))]
[JsonSerializable(typeof(EmulatorStats))]
[JsonSerializable(typeof(List<ReceivedRequestModel>))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
