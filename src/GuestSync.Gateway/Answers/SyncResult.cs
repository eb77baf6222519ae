using System.Text.Json;
using System.Text.Json.Serialization;

namespace GuestSync.Gateway.Answers;

/// <summary>The body of a success answer: <c>{"status":"synced","guestId":"…"}</c>.</summary>
internal sealed record SyncResult(string Status, string GuestId);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SyncResult))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
