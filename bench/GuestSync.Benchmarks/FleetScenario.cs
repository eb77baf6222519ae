using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GuestSync.Emulator;
using GuestSync.Gateway.Fleet;
using GuestSync.Gateway.Hosting;
using GuestSync.Gateway.Outbox;
using GuestSync.Gateway.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GuestSync.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/GuestSync.Benchmarks -- fleet [posts]</c>: 1 vs 3 gateway replicas (real Kestrel
/// on loopback, in this process) on one PostgreSQL database, one emulator whose per-token limit is the budget (300/min).
/// A burst of posts spread over the replicas becomes a backlog; reports the delivery rate while the backlog exists as a
/// fraction of the budget, 429s, token fetches; then the store's cost per queued submission (PostgreSQL vs SQLite) and
/// the fleet's per-send costs (permit, in-flight lease). PostgreSQL: GUESTSYNC_TEST_POSTGRES, else a throwaway cluster
/// through tests/postgres-cluster.sh, removed at the end. Bounded: each scenario gives up after 3 minutes.
/// </summary>
internal static class FleetScenario
{
    private const int Budget = 300;

    public static async Task<int> RunAsync(string[] args)
    {
        var posts = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var root = FindRoot();
        string? ownCluster = null;
        var server = Environment.GetEnvironmentVariable("GUESTSYNC_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            var lines = Run(Path.Combine(root, "tests", "postgres-cluster.sh"), "start", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            ownCluster = lines[^2];
            server = lines[^1];
        }

        var report = new StringBuilder();
        try
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"# Fleet scenario ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores)");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Budget {Budget}/min per org (gateway `RequestsPerMinute` and the emulator's per-token limit), {posts} posts at once spread round-robin over the replicas, `Delivery:MaxWait` 1 s.");
            report.AppendLine();
            report.AppendLine("| replicas | answered 2xx | delivered | delivery rate / budget (backlog) | 429s | token fetches | wall time |");
            report.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var replicas in new[] { 1, 3 })
            {
                var row = await ScenarioAsync(server, replicas, posts);
                report.AppendLine(row);
                Console.WriteLine(row);
            }

            report.AppendLine();
            report.AppendLine("Store cost per queued submission (sequential, distinct guests, one real patch body each; mean of 500 after 50 warm-up):");
            report.AppendLine();
            report.AppendLine("| store | µs per enqueue |");
            report.AppendLine("|---|---|");
            report.AppendLine(CultureInfo.InvariantCulture, $"| SQLite (WAL, synchronous=FULL, local disk) | {await SqliteEnqueueAsync():0} |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| PostgreSQL (unix socket, this machine) | {await PostgresEnqueueAsync(server):0} |");
            var (permit, lease) = await FleetCostsAsync(server);
            report.AppendLine();
            report.AppendLine("Fleet coordination per live send (PostgreSQL, same server):");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"- budget permit (one round trip, `synchronous_commit = off`): {permit:0} µs");
            report.AppendLine(CultureInfo.InvariantCulture, $"- in-flight lease taken and dropped (two round trips): {lease:0} µs");
            var path = Path.Combine(root, "bench", "results", "fleet.md");
            await File.WriteAllTextAsync(path, report.ToString());
            Console.WriteLine(report);
            Console.WriteLine($"written to {path}");
            return 0;
        }
        finally
        {
            if (ownCluster is not null)
            {
                Run(Path.Combine(root, "tests", "postgres-cluster.sh"), "stop", ownCluster);
            }
        }
    }

    private static async Task<string> ScenarioAsync(string server, int replicaCount, int posts)
    {
        var database = await CreateDatabaseAsync(server);
        await using var emulator = await GenesysEmulator.StartAsync(new EmulatorOptions
        {
            Clients = [new EmulatorClient { ClientId = "bench", ClientSecret = "bench-secret-0123456789" }],
            CreateGuestsOnFirstWrite = true,
            RateLimitPerMinute = Budget,
            ReceivedRequestCapacity = posts * 4,
        });
        var folder = Directory.CreateTempSubdirectory("guestsync-fleet-bench-").FullName;
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
            ["Genesys:Resilience:RequestsPerMinute"] = Budget.ToString(CultureInfo.InvariantCulture),
            ["Security:RateLimits:PerClient:PermitLimit"] = "1000000",
            ["Security:RateLimits:PerGuest:PermitLimit"] = "1000000",
            ["Security:RateLimits:MaxConcurrentRequests"] = "100000",
            ["Store:Provider"] = "Postgres",
            ["ConnectionStrings:GuestSync"] = database,
            ["Fleet:Replicas"] = replicaCount.ToString(CultureInfo.InvariantCulture),
            ["Delivery:MaxWait"] = "00:00:01",
            ["Delivery:PollInterval"] = "00:00:00.500",
            ["Logging:LogLevel:Default"] = "Warning",
            ["GUESTSYNC_DATA"] = folder,
        };
        var apps = new List<WebApplication>();
        try
        {
            for (var i = 0; i < replicaCount; i++)
            {
                var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = folder });
                builder.Configuration.AddInMemoryCollection(settings);
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                builder.AddGuestSyncGateway();
                var app = builder.Build();
                app.MapGuestSyncGateway();
                apps.Add(app);
            }

            await Task.WhenAll(apps.Select(a => a.StartAsync()));
            var clients = apps.Select(a => new HttpClient { BaseAddress = new Uri(a.Urls.First()), Timeout = TimeSpan.FromSeconds(60) }).ToList();
            var started = Stopwatch.StartNew();
            var answers = await Task.WhenAll(Enumerable.Range(0, posts).Select(async i =>
            {
                using var content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["guestId"] = Guid.NewGuid().ToString(), ["name"] = "Ada Lovelace", ["email"] = "ada@example.org", ["phone"] = "+441234567890",
                });
                using var response = await clients[i % clients.Count].PostAsync("/api/profile-sync", content);
                return (int)response.StatusCode;
            }));

            var end = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (Delivered(emulator).Count < posts && DateTime.UtcNow < end)
            {
                await Task.Delay(200);
            }

            var delivered = Delivered(emulator);
            var wall = started.Elapsed;
            var burst = new FleetBudgetPolicy(Budget).EffectiveBurst;
            var span = delivered.Count > burst + 1 ? delivered[^1] - delivered[burst] : TimeSpan.Zero;
            var rate = span > TimeSpan.Zero ? (delivered.Count - burst - 1) / span.TotalMinutes / Budget : 0;
            var limited = emulator.ReceivedRequests.Count(r => r.Method == "PATCH" && r.Status == 429);
            foreach (var client in clients)
            {
                client.Dispose();
            }

            return string.Create(CultureInfo.InvariantCulture,
                $"| {replicaCount} | {answers.Count(s => s is >= 200 and < 300)}/{posts} | {delivered.Count}/{posts} | {rate:0.000} | {limited} | {emulator.TokensIssued} | {wall.TotalSeconds:0.0} s |");
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<DateTimeOffset> Delivered(GenesysEmulator emulator) =>
        [.. emulator.ReceivedRequests.Where(r => r.Method == "PATCH" && r.Status == 200).Select(r => r.ReceivedAt).Order()];

    private static OutboxSubmission Submission(int i) => new(
        "default", $"/api/v2/guests/bench-{i}", "default", $"bench-{i}",
        new OutboxRequest("PATCH", $"/api/v2/guests/bench-{i}", "application/json-patch+json",
            Encoding.UTF8.GetBytes("""[{"op":"replace","path":"/name","value":"eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwia2lkIjoiazEifQ..AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA"}]""")),
        DateTimeOffset.UtcNow, $"corr-{i}");

    private static async Task<double> MeasureAsync(IOutboxStore store)
    {
        await store.InitializeAsync(CancellationToken.None);
        for (var i = 0; i < 50; i++)
        {
            await store.EnqueueAsync(Submission(-1 - i), CancellationToken.None);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 500; i++)
        {
            await store.EnqueueAsync(Submission(i), CancellationToken.None);
        }

        return watch.Elapsed.TotalMicroseconds / 500;
    }

    private static async Task<double> SqliteEnqueueAsync()
    {
        var folder = Directory.CreateTempSubdirectory("guestsync-fleet-bench-sqlite-").FullName;
        try
        {
            var store = new SqliteOutboxStore($"Data Source={Path.Combine(folder, "guestsync.db")}", 100_000, TimeProvider.System, NullLogger<SqliteOutboxStore>.Instance);
            var result = await MeasureAsync(store);
            (store as IDisposable)?.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return result;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<double> PostgresEnqueueAsync(string server)
    {
        await using var dataSource = PostgresDataSource.Create(await CreateDatabaseAsync(server));
        return await MeasureAsync(new PostgresOutboxStore(dataSource, 100_000, TimeProvider.System, NullLogger<PostgresOutboxStore>.Instance));
    }

    private static async Task<(double Permit, double Lease)> FleetCostsAsync(string server)
    {
        await using var dataSource = PostgresDataSource.Create(await CreateDatabaseAsync(server));
        await PostgresSchema.MigrateAsync(dataSource, CancellationToken.None);
        var limits = new PostgresFleetLimits(dataSource, TimeProvider.System);
        var policy = new FleetBudgetPolicy(60_000_000);
        var inFlight = new PostgresFleetInFlight(dataSource);
        for (var i = 0; i < 50; i++)
        {
            await limits.TryAcquireAsync("default", policy, 1, CancellationToken.None);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 500; i++)
        {
            await limits.TryAcquireAsync("default", policy, 1, CancellationToken.None);
        }

        var permit = watch.Elapsed.TotalMicroseconds / 500;
        watch.Restart();
        for (var i = 0; i < 500; i++)
        {
            var now = DateTimeOffset.UtcNow;
            await inFlight.TryBeginAsync("default", $"/api/v2/guests/{i}", "bench", now, now.AddSeconds(30), CancellationToken.None);
            await inFlight.EndAsync("default", $"/api/v2/guests/{i}", "bench", CancellationToken.None);
        }

        return (permit, watch.Elapsed.TotalMicroseconds / 500);
    }

    private static async Task<string> CreateDatabaseAsync(string server)
    {
        var name = "gs_bench_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static string[] Run(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(120_000);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    internal static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GuestSync.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
