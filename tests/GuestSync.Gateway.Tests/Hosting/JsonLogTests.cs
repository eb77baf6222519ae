using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using GuestSync.Emulator;
using GuestSync.Gateway.Tests.Edge;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Hosting;

/// <summary><c>Logging__Format=json</c>: the built gateway, started as an operator starts it, logs JSON lines with scopes.</summary>
public sealed class JsonLogTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Json_lines_carry_the_request_trace_and_span_ids_and_no_personal_value()
    {
        await using var emulator = await GenesysEmulator.StartAsync(new EmulatorOptions
        {
            Clients = [new EmulatorClient { ClientId = GatewayHost.ClientId, ClientSecret = GatewayHost.ClientSecret }],
            CreateGuestsOnFirstWrite = true,
        });
        var folder = Directory.CreateTempSubdirectory("guestsync-jsonlog-").FullName;
        var keys = new TestKeys();
        var port = ChildGateway.FreePort();
        await File.WriteAllTextAsync(Path.Combine(folder, "proxy.json"), GatewayHost.DefaultProxyJson);
        var browserTrace = ActivityTraceId.CreateRandom().ToHexString();
        var guest = Guid.NewGuid().ToString();
        var form = ProfileForms.Valid(guest);
        var stdout = new StringBuilder();
        var info = new ProcessStartInfo("dotnet", [EdgeTestSupport.GatewayDll, $"--urls=http://127.0.0.1:{port}"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Logging__Format"] = "json",
            ["ProxyConfigPath"] = Path.Combine(folder, "proxy.json"),
            ["GUESTSYNC_DATA"] = Path.Combine(folder, "data"),
            ["Genesys__ApiBaseUrl"] = emulator.BaseAddress.ToString(),
            ["Genesys__LoginBaseUrl"] = emulator.BaseAddress.ToString(),
            ["Genesys__ClientId"] = GatewayHost.ClientId,
            ["Genesys__ClientSecret"] = GatewayHost.ClientSecret,
            ["Encryption__KeySet"] = keys.KeySetJson,
            ["Encryption__ActiveKeyId"] = keys.KeyId,
            ["Profiles__default__Binding__Required"] = "false",
        })
        {
            info.Environment[key] = value;
        }

        info.Environment.Remove("ASPNETCORE_URLS");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("The gateway did not start.");
        process.OutputDataReceived += (_, e) =>
        {
            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await ChildGateway.WaitReadyAsync(client, process, Bound);
            using var post = new HttpRequestMessage(HttpMethod.Post, "/api/profile-sync") { Content = ProfileForms.UrlEncoded(form) };
            post.Headers.TryAddWithoutValidation("traceparent", $"00-{browserTrace}-00f067aa0ba902b7-01");
            using (var response = await client.SendAsync(post))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            // The token line is written while the request fetches the token: inside the request's scopes.
            var tokenLine = await WaitForLineAsync(stdout, process, line => line.TryGetProperty("EventId", out var id) && id.GetInt32() == 1200);
            var scopes = tokenLine.GetProperty("Scopes").EnumerateArray().ToList();
            var trace = scopes.Select(s => s.TryGetProperty("TraceId", out var t) ? t.GetString() : null).Single(t => t is not null)!;
            var span = scopes.Select(s => s.TryGetProperty("SpanId", out var t) ? t.GetString() : null).Single(t => t is not null)!;
            Assert.Matches("^[0-9a-f]{32}$", trace);
            Assert.Matches("^[0-9a-f]{16}$", span);
            Assert.NotEqual(browserTrace, trace); // the gateway's own trace, never the browser's
            Assert.Contains(scopes, s => s.TryGetProperty("RequestPath", out var path) && path.GetString() == "/api/profile-sync");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }

            TryDelete(folder);
        }

        var all = Lines(stdout);
        Assert.NotEmpty(all);
        string[] personal = [guest, form["name"], form["email"], form["phone"], GatewayHost.ClientSecret, browserTrace];
        foreach (var value in personal.Where(v => !string.IsNullOrEmpty(v)))
        {
            Assert.DoesNotContain(value, Output(stdout), StringComparison.Ordinal);
        }
    }

    private static string Output(StringBuilder stdout)
    {
        lock (stdout)
        {
            return stdout.ToString();
        }
    }

    /// <summary>Every line that is a JSON object; a line that is not is a failure (the format is JSON throughout).</summary>
    private static List<JsonElement> Lines(StringBuilder stdout) =>
        [.. Output(stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    private static async Task<JsonElement> WaitForLineAsync(StringBuilder stdout, Process process, Func<JsonElement, bool> found)
    {
        var until = DateTime.UtcNow + Bound;
        while (true)
        {
            if (Lines(stdout).FirstOrDefault(found) is { ValueKind: JsonValueKind.Object } line)
            {
                return line;
            }

            Assert.False(process.HasExited, "the gateway exited");
            Assert.True(DateTime.UtcNow < until, "no such log line:\n" + Output(stdout));
            await Task.Delay(50);
        }
    }


    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp.
        }
    }
}
