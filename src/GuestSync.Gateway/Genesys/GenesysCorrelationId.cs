namespace GuestSync.Gateway.Genesys;

/// <summary>The <c>ININ-Correlation-Id</c> Genesys puts on every answer: the id its support asks for.</summary>
internal static class GenesysCorrelationId
{
    public const string HeaderName = "ININ-Correlation-Id";

    public static string? Of(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues(HeaderName, out var values) ? values.FirstOrDefault() : null;
    }
}
