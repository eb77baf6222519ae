using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GuestSync.Emulator;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Outbox.Gateway;

/// <summary>
/// The real thing: the built gateway as a child process (<c>dotnet GuestSync.Gateway.dll</c>, the gateway's own
/// process), killed with SIGKILL while Genesys is failing, started again on the same store: every post it answered
/// 202 reaches Genesys once Genesys heals. Real time, bounded; the child is killed also when the test fails.
/// </summary>
public sealed class OutboxKillTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Everything_answered_202_is_delivered_after_the_gateway_is_killed_with_sigkill_and_started_again()
    {
        await using var emulator = await GenesysEmulator.StartAsync(new EmulatorOptions
        {
            Clients = [new EmulatorClient { ClientId = GatewayHost.ClientId, ClientSecret = GatewayHost.ClientSecret }],
            CreateGuestsOnFirstWrite = true,
            RateLimitPerMinute = 0,
        });
        var folder = Directory.CreateTempSubdirectory("guestsync-kill-").FullName;
        var keys = new TestKeys();
        var port = ChildGateway.FreePort();
        await File.WriteAllTextAsync(Path.Combine(folder, "proxy.json"), GatewayHost.DefaultProxyJson);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ProxyConfigPath"] = Path.Combine(folder, "proxy.json"),
            ["GUESTSYNC_DATA"] = Path.Combine(folder, "data"),
            ["Genesys__ApiBaseUrl"] = emulator.BaseAddress.ToString(),
            ["Genesys__LoginBaseUrl"] = emulator.BaseAddress.ToString(),
            ["Genesys__ClientId"] = GatewayHost.ClientId,
            ["Genesys__ClientSecret"] = GatewayHost.ClientSecret,
            ["Encryption__KeySet"] = keys.KeySetJson,
            ["Encryption__ActiveKeyId"] = keys.KeyId,
            ["Profiles__default__Binding__Required"] = "false", // Development with live credentials: binding off explicitly
            ["Delivery__MaxWait"] = "00:00:01",
            ["Delivery__LeaseDuration"] = "00:00:10",
            ["Delivery__RetryMaxDelay"] = "00:00:05",
            ["Security__RateLimits__PerClient__PermitLimit"] = "1000",
        };
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        emulator.Faults.FailNext(FakeTimeGateway.GuestsPath, 503, count: 100_000);
        var guests = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString()).ToList();

        var first = Start(environment);
        try
        {
            await ChildGateway.WaitReadyAsync(client, first, Bound);
            foreach (var guest in guests)
            {
                using var response = await client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid(guest)));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }

            first.Kill(); // SIGKILL on Unix, to the gateway's own process
            await first.WaitForExitAsync().WaitAsync(Bound);
            Assert.Equal(137, first.ExitCode);
        }
        finally
        {
            Stop(first);
        }

        emulator.Faults.Reset();
        var second = Start(environment);
        try
        {
            await ChildGateway.WaitReadyAsync(client, second, Bound);
            var until = DateTime.UtcNow + Bound;
            while (!guests.All(g => Delivered(emulator, g)) && DateTime.UtcNow < until)
            {
                await Task.Delay(200);
            }

            Assert.All(guests, g => Assert.True(Delivered(emulator, g), $"guest {g} was answered 202 and never delivered"));
            Assert.All(guests, g => Assert.Equal(ProfileForms.Name, keys.Decrypt(emulator.GetGuest(g)!["name"]!.GetValue<string>())));
        }
        finally
        {
            Stop(second);
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

    private static bool Delivered(GenesysEmulator emulator, string guest) =>
        emulator.ReceivedRequests.Any(r => r.Method == "PATCH" && r.Path.EndsWith(guest, StringComparison.Ordinal) && r.Status == 200);

    private static Process Start(IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet", [GatewayDll()])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(GatewayDll())!,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("The gateway did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>The gateway's own build output (with its runtimeconfig), same configuration as these tests.</summary>
    private static string GatewayDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GuestSync.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root!.FullName, "src", "GuestSync.Gateway", "bin", configuration, framework, "GuestSync.Gateway.dll");
        Assert.True(File.Exists(dll), $"build the gateway first: {dll} is missing");
        return dll;
    }
}
