using System.Text.Json;

namespace GuestSync.Gateway.Outbox;

/// <summary>The stored merge state: a JSON object of target -> accepted-at in UTC ticks.</summary>
internal static class OutboxTargets
{
    public static Dictionary<string, long> Read(string json)
    {
        var targets = new Dictionary<string, long>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(json))
        {
            return targets;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            targets[property.Name] = property.Value.GetInt64();
        }

        return targets;
    }

    public static string Write(IReadOnlyDictionary<string, long> targets)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (target, ticks) in targets)
            {
                writer.WriteNumber(target, ticks);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
