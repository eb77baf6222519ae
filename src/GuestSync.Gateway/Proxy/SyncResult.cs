using System.Text.Json;
using System.Text.Json.Serialization;

namespace GuestSync.Gateway.Proxy;

/// <summary>The browser's answer to a synced profile.</summary>
internal sealed record SyncResult(string Status, string GuestId);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SyncResult))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
