using System.Text;

namespace GuestSync.Emulator.OAuth;

/// <summary>
/// Reads <c>Authorization: Basic base64(id:secret)</c>. The official .NET SDK encodes the pair as ISO-8859-1,
/// most other clients as UTF-8, so both readings are offered when they differ.
/// </summary>
internal static class BasicCredentials
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The (id, secret) readings of the header, or an empty list when it is missing or garbled.</summary>
    public static IReadOnlyList<(string ClientId, string ClientSecret)> Parse(string? authorization)
    {
        const string Scheme = "Basic ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(authorization[Scheme.Length..].Trim());
        }
        catch (FormatException)
        {
            return [];
        }

        var readings = new List<(string, string)>(2);
        AddReading(TryDecodeUtf8(decoded), readings);
        AddReading(Encoding.Latin1.GetString(decoded), readings);
        return readings;
    }

    private static string? TryDecodeUtf8(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static void AddReading(string? pair, List<(string, string)> readings)
    {
        var colon = pair?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0)
        {
            return;
        }

        var reading = (pair![..colon], pair[(colon + 1)..]);
        if (!readings.Contains(reading))
        {
            readings.Add(reading);
        }
    }
}
