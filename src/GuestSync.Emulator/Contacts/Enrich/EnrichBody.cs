using System.Text.Json;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Storage;

namespace GuestSync.Emulator.Contacts.Enrich;

internal static class EnrichBody
{
    /// <summary>The parsed body; throws <see cref="DocumentChangeException"/> when it is not JSON.</summary>
    public static JsonNode? Parse(byte[] body)
    {
        try
        {
            return JsonDocuments.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new DocumentChangeException(JsonDocuments.DescribeInvalid(ex), ex);
        }
    }

    /// <summary>True when the query says <c>dryRun=true</c>: the answer shows the outcome, nothing is stored.</summary>
    public static bool IsDryRun(HttpContext http) =>
        bool.TryParse(http.Request.Query["dryRun"].ToString(), out var dryRun) && dryRun;
}
