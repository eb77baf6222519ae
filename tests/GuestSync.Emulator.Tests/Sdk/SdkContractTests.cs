using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace GuestSync.Emulator.Tests.Sdk;

/// <summary>
/// The emulator's contract checked by a client nobody here wrote: the official Genesys JavaScript SDK
/// (npm <c>purecloud-platform-client-v2</c>, installed by <c>./test.sh</c> with <c>npm ci</c>) logs in, enriches,
/// gets, patches, bulk-enriches, looks up and runs into a 429. Fails, never skips, when node or the SDK is missing.
/// </summary>
public sealed class SdkContractTests : EmulatorTestBase
{
    private const int Limit = 10;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    protected override void Configure(EmulatorOptions options)
    {
        options.RateLimitPerMinute = Limit;
        options.ContactCustomFields = new() { ["nameEnc"] = "longtext" };
    }

    [Fact]
    public async Task Official_javascript_sdk_logs_in_enriches_gets_patches_looks_up_and_meets_the_429()
    {
        var report = await RunSdkAsync();

        Assert.True(report["login"]!["hasToken"]!.GetValue<bool>());
        Assert.Equal(201, report["enrich"]!["createdStatus"]!.GetValue<int>());
        Assert.Equal(200, report["enrich"]!["updatedStatus"]!.GetValue<int>());
        Assert.True(report["enrich"]!["sameContact"]!.GetValue<bool>());
        Assert.Equal(1, report["enrich"]!["window"]!["count"]!.GetValue<int>());
        Assert.Equal(Limit, report["enrich"]!["window"]!["allowed"]!.GetValue<int>());
        Assert.Equal(60, report["enrich"]!["window"]!["reset"]!.GetValue<int>());

        var get = report["get"]!;
        Assert.Equal(200, get["status"]!.GetValue<int>());
        Assert.Equal(("Ada", "Lovelace", "jwe-of-ada"), (get["firstName"]!.GetValue<string>(), get["lastName"]!.GetValue<string>(), get["nameEnc"]!.GetValue<string>()));
        Assert.StartsWith("/api/v2/externalcontacts/contacts/", get["selfUri"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Dr", report["patch"]!["title"]!.GetValue<string>());

        var bulk = report["bulk"]!;
        Assert.Equal(200, bulk["status"]!.GetValue<int>());
        Assert.Equal(1, bulk["errorCount"]!.GetValue<int>());
        Assert.Equal([true, false], bulk["successes"]!.AsArray().Select(s => s!.GetValue<bool>()));
        Assert.True(report["lookup"]!["sameContact"]!.GetValue<bool>());

        var limited = report["tooManyRequests"]!;
        Assert.Equal(429, limited["status"]!.GetValue<int>());
        Assert.Equal("too.many.requests.retry.after", limited["code"]!.GetValue<string>());
        Assert.Equal(60, limited["retryAfter"]!.GetValue<int>());
        Assert.Equal(Limit, limited["window"]!["count"]!.GetValue<int>());
        Assert.Equal(60, limited["window"]!["reset"]!.GetValue<int>());

        var expand = Assert.Single(Harness.Emulator.ReceivedRequests, r => r.Query.Contains("expand", StringComparison.Ordinal));
        Assert.Equal("?expand=externalOrganization", expand.Query);
    }

    private async Task<JsonObject> RunSdkAsync()
    {
        var directory = typeof(SdkContractTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SdkDirectory").Value!;
        var sdkPackage = Path.Combine(directory, "node_modules", "purecloud-platform-client-v2", "package.json");
        Assert.True(File.Exists(sdkPackage), $"The Genesys JavaScript SDK is not installed: run 'npm ci' in {directory} (./test.sh does).");

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "sdk-contract.js", Harness.Emulator.BaseAddress.ToString(), EmulatorHarness.ClientId, EmulatorHarness.ClientSecret, Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"node is required for the SDK contract test and could not be started: {ex.Message}");
            throw;
        }

        using (process)
        using (var timeout = new CancellationTokenSource(RunTimeout))
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"The SDK run took longer than {RunTimeout}.");
            }

            Assert.True(process.ExitCode == 0, $"The SDK run failed ({process.ExitCode}): {await stderr}");
            return JsonNode.Parse(await stdout)!.AsObject();
        }
    }
}
