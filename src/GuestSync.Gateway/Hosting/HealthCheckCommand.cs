namespace GuestSync.Gateway.Hosting;

/// <summary>
/// <c>dotnet GuestSync.Gateway.dll healthcheck [url]</c>: GETs the gateway's <c>/healthz</c> on loopback and exits 0 when
/// it answers 200, 1 otherwise (no answer within 3 s included), for a container <c>HEALTHCHECK</c> in an image without
/// curl or wget. The default URL is <c>http://127.0.0.1:&lt;first of ASPNETCORE_HTTP_PORTS, else 8080&gt;/healthz</c>.
/// </summary>
internal static class HealthCheckCommand
{
    public const string Verb = "healthcheck";

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        var target = args.Length > 1 ? args[1] : DefaultUrl(Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            await output.WriteLineAsync($"healthcheck: '{target}' is not an http(s) URL.");
            return 2;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            await output.WriteLineAsync($"healthcheck: {uri} answered {(int)response.StatusCode}");
            return response.StatusCode == System.Net.HttpStatusCode.OK ? 0 : 1;
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"healthcheck: {uri} did not answer ({failure.GetType().Name})");
            return 1;
        }
    }

    internal static string DefaultUrl(string? httpPorts)
    {
        var port = httpPorts?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return $"http://127.0.0.1:{(int.TryParse(port, out var p) ? p : 8080)}/healthz";
    }
}
