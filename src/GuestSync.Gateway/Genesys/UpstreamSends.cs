namespace GuestSync.Gateway.Genesys;

/// <summary>
/// The sends one submission made to Genesys's API (every retry and the replay after a 401 included) and the
/// <c>ININ-Correlation-Id</c> of the last answer, for the line that says how the submission ended. Carried on
/// <see cref="HttpRequestMessage.Options"/> only while that line is logged; counted by <see cref="Tokens.GenesysAuthHandler"/>,
/// where a request leaves for Genesys.
/// </summary>
internal sealed class UpstreamSends
{
    public static readonly HttpRequestOptionsKey<UpstreamSends> OptionsKey = new("GuestSync.UpstreamSends");

    private int _count;
    private string? _lastCorrelationId;

    /// <summary>Sends tried, whether or not Genesys answered.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Genesys's <c>ININ-Correlation-Id</c> of the last answer; null when it never answered.</summary>
    public string? LastCorrelationId => Volatile.Read(ref _lastCorrelationId);

    /// <summary>Counts a send of <paramref name="request"/>, when it carries a counter.</summary>
    public static void Sending(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(OptionsKey, out var sends))
        {
            Interlocked.Increment(ref sends._count);
        }
    }

    /// <summary>Keeps the correlation id of Genesys's answer to <paramref name="request"/>, when it carries a counter.</summary>
    public static void Answered(HttpRequestMessage request, HttpResponseMessage response)
    {
        if (request.Options.TryGetValue(OptionsKey, out var sends) && GenesysCorrelationId.Of(response) is { } correlationId)
        {
            Volatile.Write(ref sends._lastCorrelationId, correlationId);
        }
    }
}
