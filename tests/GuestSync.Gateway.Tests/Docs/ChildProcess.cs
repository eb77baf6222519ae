using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace GuestSync.Gateway.Tests.Docs;

/// <summary>
/// A program the tests start as a person would (a shell, <c>dotnet run</c>, <c>node</c>), with its output captured. Every
/// wait is bounded; disposing it kills the whole process tree (a <c>dotnet run</c> and the gateway it started) if it still runs.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    /// <summary>Variables of the test run that would change what a child does (its environment, its build) and are removed.</summary>
    private static readonly string[] Inherited = ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "ProxyConfigPath", "GUESTSYNC_", "Genesys__", "Encryption__",
        "Profiles__", "Security__", "Health__", "Store__", "ConnectionStrings__", "Delivery__", "Demo__", "Emulator__", "MSBuild", "MSBUILD", "VSTEST"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(Func<string, bool> Until, TaskCompletionSource Seen)> _waiters = [];

    private ChildProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Everything written so far, standard output and error interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => Inherited.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        // No build server or reused MSBuild node outlives the test (a `dotnet run` or `dotnet publish` would leave them running).
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"'{fileName}' could not be started: {ex.Message}", ex);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs to the end within <paramref name="timeout"/> and gives the exit code and the output; killed when it takes longer.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        using var child = Start(fileName, arguments, workingDirectory, environment);
        var exited = await child.WaitForExitAsync(timeout);
        Assert.True(exited, $"'{fileName} {string.Join(' ', arguments)}' did not end within {timeout}; its output:\n{child.Output}");
        return (child._process.ExitCode, child.Output);
    }

    /// <summary>Waits until the output satisfies <paramref name="until"/>; false when the process ended or the time ran out first.</summary>
    public async Task<bool> WaitForOutputAsync(Func<string, bool> until, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (until(_output.ToString()))
            {
                return true;
            }

            _waiters.Add((until, seen));
        }

        await Task.WhenAny(seen.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
        await Task.Delay(50); // the last lines of an exiting process
        return until(Output);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            var text = _output.ToString();
            foreach (var waiter in _waiters.Where(w => w.Until(text)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }
}
