using System.Diagnostics;
using Npgsql;

namespace GuestSync.Gateway.Tests.Postgres;

/// <summary>
/// The PostgreSQL cluster the tests run against: the one named by <c>GUESTSYNC_TEST_POSTGRES</c> (./test.sh
/// starts one per run), otherwise a throwaway cluster started here through tests/postgres-cluster.sh, the same
/// script test.sh uses, and stopped when the run ends. When no cluster can be had the fixture throws, so every
/// test that needs it FAILS with the reason; none is skipped.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "GUESTSYNC_TEST_POSTGRES";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private string? _ownedClusterDir;

    /// <summary>The connection string of the cluster's maintenance database.</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            ConnectionString = fromEnvironment;
        }
        else
        {
            (_ownedClusterDir, ConnectionString) = await StartClusterAsync();
        }

        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            await DisposeAsync();
            throw new InvalidOperationException(
                $"PostgreSQL for the tests is not reachable ({(fromEnvironment is null ? "throwaway cluster" : EnvironmentVariable)}): {ex.Message}", ex);
        }
    }

    /// <summary>A new, empty database on the cluster; each test class or test gets its own, so no state leaks between them.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "gs_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_ownedClusterDir is { } dir)
        {
            _ownedClusterDir = null;
            await RunScriptAsync("stop", dir);
        }
    }

    private static async Task<(string Dir, string ConnectionString)> StartClusterAsync()
    {
        var (exitCode, output, error) = await RunScriptAsync("start", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (exitCode != 0 || lines.Length < 2)
        {
            throw new InvalidOperationException(
                "The PostgreSQL tests need a PostgreSQL server and none could be started. Run ./test.sh (it installs Debian's " +
                $"'postgresql' when missing and starts a throwaway cluster), or set {EnvironmentVariable} to an Npgsql connection string. " +
                $"tests/postgres-cluster.sh said: {error.Trim()}");
        }

        return (lines[^2], lines[^1]);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunScriptAsync(string verb, string argument)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "postgres-cluster.sh");
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { script, verb, argument },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash could not be started to run tests/postgres-cluster.sh.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"tests/postgres-cluster.sh {verb} did not finish within {StartTimeout}.");
        }

        return (process.ExitCode, await output, await error);
    }
}
