namespace GuestSync.Gateway.Genesys;

/// <summary>The <c>ININ-Correlation-Id</c> Genesys puts on every answer: the id its support asks for.</summary>
internal static class GenesysCorrelationId
{
    public const string HeaderName = "ININ-Correlation-Id";

    /// <summary>The header's first value; read without validation (the header has no parser), so no array is copied per answer.</summary>
    public static string? Of(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.NonValidated.TryGetValues(HeaderName, out var values))
        {
            foreach (var value in values)
            {
                return value;
            }
        }

        return null;
    }
}
