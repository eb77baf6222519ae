using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GuestSync.Emulator;
using GuestSync.Gateway.Hosting;
using GuestSync.Gateway.Outbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace GuestSync.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/GuestSync.Benchmarks -- backlog [posts] [perMinute]</c>: one gateway (real
/// Kestrel on loopback, in this process, SQLite outbox, the default store) and the emulator with a per-token limit of
/// <c>perMinute</c>, which is also the gateway's <c>RequestsPerMinute</c> (the configured budget). A burst of posts at once,
/// on the real clock. Reports posts answered 2xx, delivered, the delivery rate while the backlog exists as a fraction of
/// the budget, 429s after the first, and the cost of queueing one submission (SQLite enqueue, µs, bytes allocated, bytes
/// on disk). Bounded: gives up waiting for delivery after posts / perMinute + 2 minutes.
/// </summary>
internal static class BacklogScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var posts = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        var budget = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1200;
        var root = FleetScenario.FindRoot();
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Backlog scenario ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, commit-time Release build)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{posts} posts at once (64 at a time in flight) to one gateway; the emulator's per-token limit and the gateway's `Genesys:Resilience:RequestsPerMinute` are both {budget}/min; SQLite outbox (WAL, synchronous=FULL); `Delivery:MaxWait` 3 s (default); real clock, loopback.");
        report.AppendLine();
        var row = await ScenarioAsync(posts, budget);
        report.AppendLine("| posts | answered 2xx (goal 100 %) | of which 202 queued | delivered (goal 100 %) | delivery rate / budget while a backlog exists (goal ≥ 0.95) | 429s after the first (goal 0) | wall time |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        report.AppendLine(row);
        Console.WriteLine(row);
        var (micros, allocated, disk) = await SqliteEnqueueCostAsync();
        report.AppendLine();
        report.AppendLine("Added cost of queueing one submission (SQLite enqueue of one real-size patch, sequential, distinct guests, mean of 500 after 50 warm-up):");
        report.AppendLine();
        report.AppendLine("| µs per enqueue | bytes allocated per enqueue | bytes on disk per queued item (db + WAL growth) |");
        report.AppendLine("|---|---|---|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| {micros:0} | {allocated:0} | {disk:0} |");
        report.AppendLine();
        report.AppendLine("The live path's own work per request (read + validate + encrypt + build) is ~5 µs and ~2.5 KB allocated (results/micro.md); a queued");
        report.AppendLine("submission adds the enqueue above, dominated by the fsync of `synchronous=FULL` on this disk.");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/GuestSync.Benchmarks -- backlog {posts} {budget}`");
        var path = Path.Combine(root, "bench", "results", "backlog.md");
        await File.WriteAllTextAsync(path, report.ToString());
        Console.WriteLine(report);
        Console.WriteLine($"written to {path}");
        return 0;
    }

    private static async Task<string> ScenarioAsync(int posts, int budget)
    {
        await using var emulator = await GenesysEmulator.StartAsync(new EmulatorOptions
        {
            Clients = [new EmulatorClient { ClientId = "bench", ClientSecret = "bench-secret-0123456789" }],
            CreateGuestsOnFirstWrite = true,
            RateLimitPerMinute = budget,
            ReceivedRequestCapacity = posts * 4,
        });
        var folder = Directory.CreateTempSubdirectory("guestsync-backlog-bench-").FullName;
        var proxy = Path.Combine(folder, "proxy.json");
        await File.WriteAllTextAsync(proxy, """
            { "ReverseProxy": {
                "Routes": { "profile-sync": { "ClusterId": "genesys-default", "Match": { "Path": "/api/profile-sync" }, "Transforms": [ { "GuestProfilePatch": "default" } ] } },
                "Clusters": { "genesys-default": { "Metadata": { "GenesysOrg": "default" } } } } }
            """);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var settings = new Dictionary<string, string?>
        {
            ["ProxyConfigPath"] = proxy,
            ["Genesys:ApiBaseUrl"] = emulator.BaseAddress.ToString(),
            ["Genesys:LoginBaseUrl"] = emulator.BaseAddress.ToString(),
            ["Genesys:ClientId"] = "bench",
            ["Genesys:ClientSecret"] = "bench-secret-0123456789",
            ["Encryption:KeySet"] = $$"""{"keys":[{"kty":"oct","kid":"k1","k":"{{key}}"}]}""",
            ["Encryption:ActiveKeyId"] = "k1",
            ["Genesys:Resilience:RequestsPerMinute"] = budget.ToString(CultureInfo.InvariantCulture),
            ["Security:RateLimits:PerClient:PermitLimit"] = "1000000",
            ["Security:RateLimits:PerGuest:PermitLimit"] = "1000000",
            ["Security:RateLimits:MaxConcurrentRequests"] = "100000",
            ["Security:RateLimits:MaxConcurrentPerClient"] = "100000",
            ["Profiles:default:Binding:Required"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["GUESTSYNC_DATA"] = folder,
        };
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = folder });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddGuestSyncGateway();
        var app = builder.Build();
        app.MapGuestSyncGateway();
        try
        {
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
            using var inFlight = new SemaphoreSlim(64);
            var started = Stopwatch.StartNew();
            var answers = await Task.WhenAll(Enumerable.Range(0, posts).Select(async _ =>
            {
                await inFlight.WaitAsync();
                try
                {
                    using var content = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["guestId"] = Guid.NewGuid().ToString(), ["name"] = "Ada Lovelace", ["email"] = "ada@example.org", ["phone"] = "+441234567890",
                    });
                    using var response = await client.PostAsync("/api/profile-sync", content);
                    return (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    return 0;
                }
                finally
                {
                    inFlight.Release();
                }
            }));

            var end = DateTime.UtcNow + TimeSpan.FromMinutes(((double)posts / budget) + 2);
            while (Delivered(emulator).Count < posts && DateTime.UtcNow < end)
            {
                await Task.Delay(200);
            }

            var delivered = Delivered(emulator);
            var wall = started.Elapsed;
            // The rate while a backlog exists, over whole budget windows: every minute from the first accepted send that
            // ends before the last delivery (the backlog was there all through it), sends Genesys accepted in it ÷ budget.
            // A backlog shorter than a minute has no whole window: n/a.
            var windows = delivered.Count == 0 ? 0 : (int)Math.Floor((delivered[^1] - delivered[0]).TotalMinutes);
            var perWindow = Enumerable.Range(0, windows)
                .Select(k => delivered.Count(d => d >= delivered[0].AddMinutes(k) && d < delivered[0].AddMinutes(k + 1)))
                .ToList();
            var rateText = windows == 0 ? "n/a (drained within a minute)"
                : string.Create(CultureInfo.InvariantCulture, $"{perWindow.Average() / budget:0.000} ({string.Join(", ", perWindow)} per minute)");
            var limited = emulator.ReceivedRequests.Where(r => r.Status == 429).OrderBy(r => r.ReceivedAt).Count();
            return string.Create(CultureInfo.InvariantCulture,
                $"| {posts} | {answers.Count(s => s is >= 200 and < 300)}/{posts} | {answers.Count(s => s == 202)} | {delivered.Count}/{posts} | {rateText} | {Math.Max(0, limited - 1)} (429s in all: {limited}) | {wall.TotalSeconds:0.0} s |");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<DateTimeOffset> Delivered(GenesysEmulator emulator) =>
        [.. emulator.ReceivedRequests.Where(r => r.Method == "PATCH" && r.Status == 200).Select(r => r.ReceivedAt).Order()];

    private static OutboxSubmission Submission(int i) => new(
        "default", $"/api/v2/guests/bench-{i:D8}-0000-4000-8000-000000000000", "default", $"bench-{i}",
        new OutboxRequest("PATCH", $"/api/v2/guests/bench-{i:D8}-0000-4000-8000-000000000000", "application/json-patch+json",
            Encoding.UTF8.GetBytes(File.Exists(SamplePatch) ? File.ReadAllText(SamplePatch) : "[]")),
        DateTimeOffset.UtcNow, $"corr-{i}");

    private static string SamplePatch => Path.Combine(Path.GetTempPath(), "guestsync-backlog-sample-patch.json");

    private static async Task<(double Micros, double Allocated, double Disk)> SqliteEnqueueCostAsync()
    {
        var root = FleetScenario.FindRoot();
        var sample = Process.Start(new ProcessStartInfo("python3", Path.Combine(root, "bench", "e2e", "sample_patch.py")) { RedirectStandardOutput = true })!;
        await File.WriteAllTextAsync(SamplePatch, await sample.StandardOutput.ReadToEndAsync());
        await sample.WaitForExitAsync();
        var folder = Directory.CreateTempSubdirectory("guestsync-backlog-bench-sqlite-").FullName;
        try
        {
            var file = Path.Combine(folder, "guestsync.db");
            var store = new SqliteOutboxStore($"Data Source={file}", 100_000, TimeProvider.System, NullLogger<SqliteOutboxStore>.Instance);
            await store.InitializeAsync(CancellationToken.None);
            for (var i = 0; i < 50; i++)
            {
                await store.EnqueueAsync(Submission(1_000_000 + i), CancellationToken.None);
            }

            var submissions = Enumerable.Range(0, 500).Select(Submission).ToList();
            long Size() => Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length);
            var before = Size();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            foreach (var submission in submissions)
            {
                await store.EnqueueAsync(submission, CancellationToken.None);
            }

            var micros = watch.Elapsed.TotalMicroseconds / 500;
            var bytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 500.0;
            var disk = (Size() - before) / 500.0;
            (store as IDisposable)?.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return (micros, bytes, disk);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            File.Delete(SamplePatch);
        }
    }
}
