using System.Text.Json;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Outbox;

/// <summary>Reads what a stored json-patch body would set, decrypting JWE values with the test key.</summary>
internal static class OutboxBodies
{
    public static List<string> Values(OutboxRequest request, TestKeys keys) => Values(request.Body, keys);

    public static List<string> Values(ReadOnlyMemory<byte> body, TestKeys keys)
    {
        using var document = JsonDocument.Parse(body);
        return [.. document.RootElement.EnumerateArray().Select(op => op.GetProperty("value").GetString()!)
            .Select(value => value.Count(c => c == '.') == 4 ? keys.Decrypt(value) : value)];
    }
}
