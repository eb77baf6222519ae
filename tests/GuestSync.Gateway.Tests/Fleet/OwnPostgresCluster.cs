using System.Diagnostics;

namespace GuestSync.Gateway.Tests.Fleet;

/// <summary>A throwaway PostgreSQL cluster of one test's own (tests/postgres-cluster.sh), so the test can stop and start
/// the server (a database outage) without touching the run's shared cluster. Disposing removes it, also on failure.</summary>
internal sealed class OwnPostgresCluster : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);
    private readonly string _dir;

    private OwnPostgresCluster(string dir, string connectionString)
    {
        _dir = dir;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<OwnPostgresCluster> StartAsync()
    {
        var output = await RunAsync("start", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new OwnPostgresCluster(lines[^2], lines[^1]);
    }

    /// <summary>Stops the server, keeping its data: every connection fails until <see cref="ResumeAsync"/>.</summary>
    public Task PauseAsync() => RunAsync("pause", _dir);

    public Task ResumeAsync() => RunAsync("resume", _dir);

    public async ValueTask DisposeAsync() => await RunAsync("stop", _dir);

    private static async Task<string> RunAsync(string verb, string argument)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "postgres-cluster.sh"), verb, argument },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash could not be started.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"postgres-cluster.sh {verb} did not finish within {ScriptTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres-cluster.sh {verb} failed: {(await error).Trim()}");
        }

        return await output;
    }
}
