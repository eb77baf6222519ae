using System.Diagnostics;
using System.Text;

namespace GuestSync.Gateway.Tests.Edge;

/// <summary>Helpers of the public-edge tests: polling a live file watcher, and the gateway as a real process.</summary>
internal static class EdgeTestSupport
{
    /// <summary>Asks again until the answer is right or 20 s pass: the file watcher is real, so is its delay.</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var result = await probe();
        while (!until(result) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            result = await probe();
        }

        return result;
    }

    /// <summary>The built gateway (beside the test assembly), as <c>dotnet GuestSync.Gateway.dll</c> runs it.</summary>
    public static string GatewayDll => Path.Combine(AppContext.BaseDirectory, "GuestSync.Gateway.dll");

    /// <summary>
    /// Runs the gateway in <paramref name="workingDirectory"/> until <paramref name="until"/> sees its output or it exits,
    /// at most <paramref name="timeout"/>; the process is killed whatever happens.
    /// </summary>
    public static async Task<(int? ExitCode, string StdOut, string StdErr)> RunGatewayAsync(
        string workingDirectory, IDictionary<string, string> environment, Func<string, bool> until, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(GatewayDll);
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        foreach (var name in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ProxyConfigPath", "ASPNETCORE_URLS" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stdout)
            {
                stdout.AppendLine(e.Data);
                if (until(stdout.ToString()))
                {
                    seen.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Task.WhenAny(seen.Task, process.WaitForExitAsync(), Task.Delay(timeout));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        int? exitCode = seen.Task.IsCompleted ? null : process.ExitCode;
        lock (stdout)
        {
            lock (stderr)
            {
                return (exitCode, stdout.ToString(), stderr.ToString());
            }
        }
    }
}
