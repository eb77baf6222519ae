using System.Buffers.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GuestSync.Emulator;
using GuestSync.Gateway.Tests.Encryption;
using Microsoft.Extensions.Configuration;

namespace GuestSync.Gateway.Tests.Docs;

/// <summary>
/// README "Going live", run as written: its settings block through bash (the README's own lines; only the secret folder
/// and the emulator's address are replaced, as its walkthrough says to), with the walkthrough's two lines that point
/// Genesys at the emulator, starting the gateway from the repository root with <c>dotnet run … --no-launch-profile</c>, and
/// again from a <c>dotnet publish</c> folder run from another working directory. The walkthrough's own secret files and
/// its own post (a token from docs/security.md's Node program, curl) give 200 synced, and what the emulator stored
/// decrypts with the key set, through the README's decryption snippet. The emulator runs in this process with the
/// settings the walkthrough starts it with. Every process is killed on failure; every wait is bounded.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class GoingLiveTests
{
    private const string GoingLive = "## Going live";
    private const string Walkthrough = "### Trying the live path on the emulator";
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PublishBound = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan StepBound = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Readme_going_live_block_run_from_the_repository_root_serves_a_live_sync_against_the_emulator()
    {
        using var folder = new TempFolder("guestsync-golive-run-");
        await RunWalkthroughAsync(folder, startLine: null, workingDirectory: RepositoryDocs.Root);
    }

    [Fact]
    public async Task Readme_going_live_block_run_from_a_published_folder_serves_a_live_sync_against_the_emulator()
    {
        using var folder = new TempFolder("guestsync-golive-publish-");
        var published = Path.Combine(folder.Path, "published");
        var (publish, run) = PublishLines();

        // The README's publish command, its output folder replaced (the one line that names /opt/guestsync).
        var (exitCode, output) = await ChildProcess.RunAsync(
            "bash", ["-c", "set -e\n" + publish.Replace("/opt/guestsync", published, StringComparison.Ordinal)],
            RepositoryDocs.Root, new Dictionary<string, string>(), PublishBound);
        Assert.True(exitCode == 0, $"the README's publish command failed ({exitCode}):\n{output}");
        Assert.True(File.Exists(Path.Combine(published, "proxy.json")), "the published folder has no proxy.json beside the binaries");

        var elsewhere = Directory.CreateDirectory(Path.Combine(folder.Path, "elsewhere")).FullName;
        await RunWalkthroughAsync(folder, run.Replace("/opt/guestsync", published, StringComparison.Ordinal), elsewhere);
    }

    /// <summary>
    /// The walkthrough: emulator, secret files, the Going-live block with the emulator lines (its last line replaced by
    /// <paramref name="startLine"/> when given), the post; then what reached the emulator.
    /// </summary>
    private static async Task RunWalkthroughAsync(TempFolder folder, string? startLine, string workingDirectory)
    {
        var readme = RepositoryDocs.Read("README.md");
        var settingsBlock = RepositoryDocs.Block(readme, GoingLive, "sh", "export Genesys__Region");
        var emulatorBlock = RepositoryDocs.Block(readme, Walkthrough, "sh", "dotnet run --project src/GuestSync.Emulator");
        var secretsBlock = RepositoryDocs.Block(readme, Walkthrough, "sh", "openssl rand");
        var hostsBlock = RepositoryDocs.Block(readme, Walkthrough, "sh", "Genesys__ApiBaseUrl");
        var postBlock = RepositoryDocs.Block(readme, Walkthrough, "sh", "curl");
        var secrets = Path.Combine(folder.Path, "secrets");

        await using var emulator = await GenesysEmulator.StartAsync(EmulatorOptionsOf(emulatorBlock));
        var emulatorUrl = emulator.BaseAddress.ToString().TrimEnd('/');
        string Placed(string text) => text
            .Replace("/run/secrets", secrets, StringComparison.Ordinal)
            .Replace("http://localhost:5090", emulatorUrl, StringComparison.Ordinal);

        // 1. The secret files, written by the README's own commands.
        var (exitCode, output) = await ChildProcess.RunAsync(
            "bash", ["-c", "set -e\n" + Placed(secretsBlock)], folder.Path, new Dictionary<string, string>(), StepBound);
        Assert.True(exitCode == 0, $"the README's secret-file commands failed ({exitCode}):\n{output}");

        // 2. The gateway: the settings block with the walkthrough's lines before its last line.
        var lines = settingsBlock.TrimEnd('\n').Split('\n');
        Assert.Equal("dotnet run --project src/GuestSync.Gateway --no-launch-profile", lines[^1]);
        var script = string.Join('\n', lines[..^1]) + "\n" + hostsBlock + (startLine ?? lines[^1]) + "\n";
        using var gateway = ChildProcess.Start("bash", ["-c", Placed(script)], workingDirectory, new Dictionary<string, string>
        {
            // Outside the README's block: a free loopback port instead of 5080, and the store in the test's folder.
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["GUESTSYNC_DATA"] = Path.Combine(folder.Path, "data"),
        });
        var listening = await gateway.WaitForOutputAsync(o => ListeningPattern().IsMatch(o), StartBound);
        Assert.True(listening, $"the gateway did not start listening (exited: {gateway.HasExited}); its output:\n{gateway.Output}");
        var gatewayUrl = ListeningPattern().Match(gateway.Output).Groups[1].Value;
        Assert.Contains("Hosting environment: Production", gateway.Output, StringComparison.Ordinal);
        Assert.Contains($"Live: organization default in region eu-west-1 via API host {emulatorUrl}", gateway.Output, StringComparison.Ordinal);

        // 3. The post: a token from docs/security.md's Node program (jose installed beside it), then curl.
        var mint = Directory.CreateDirectory(Path.Combine(folder.Path, "mint")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(mint, "node_modules"), Path.Combine(RepositoryDocs.Root, "tests", "GuestSync.Gateway.Tests", "Docs", "Node", "node_modules"));
        await File.WriteAllTextAsync(
            Path.Combine(mint, "mint-binding-token.mjs"),
            RepositoryDocs.Block(RepositoryDocs.Read("docs/security.md"), "### Minting a token in the site backend", "js", "from 'jose'"));
        var post = Placed(postBlock).Replace("http://localhost:5080", gatewayUrl, StringComparison.Ordinal);
        (exitCode, output) = await ChildProcess.RunAsync("bash", ["-c", "set -e\n" + post], mint, new Dictionary<string, string>(), StepBound);
        Assert.True(exitCode == 0, $"the README's post failed ({exitCode}):\n{output}\nthe gateway's output:\n{gateway.Output}");
        Assert.Matches(@"(?m)^HTTP/1\.1 200 OK\r?$", output);
        Assert.Contains("\"status\":\"synced\"", output, StringComparison.Ordinal);

        // 4. What reached the emulator: a token request and the patch, its values ciphertext that the key set decrypts.
        var guest = GuestPattern().Match(postBlock).Groups[1].Value;
        Assert.Contains(emulator.ReceivedRequests, r => r.Method == "POST" && r.Path == "/oauth/token" && r.Status == 200);
        Assert.Contains(emulator.ReceivedRequests, r => r.Method == "PATCH" && r.Path == $"/api/v2/guests/{guest}" && r.Status == 200);
        var stored = emulator.GetGuest(guest) ?? throw new InvalidOperationException("the emulator has no guest " + guest);
        var keySet = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(secrets, "guestsync-keys.json")))!["keys"]!.AsArray()
            .ToDictionary(k => k!["kid"]!.GetValue<string>(), k => Base64Url.DecodeFromChars(k!["k"]!.GetValue<string>()));
        foreach (var (field, value) in new[] { ("name", "Ada"), ("email", "ada@example.com"), ("phone", "+441632960123") })
        {
            var ciphertext = stored[field]!.GetValue<string>();
            Assert.DoesNotContain(value, ciphertext, StringComparison.Ordinal);
            Assert.Contains(ciphertext, output, StringComparison.Ordinal); // the walkthrough's admin call shows it
            Assert.Equal(value, ReadmeSnippets.DecryptJwe(ciphertext, keySet, "/" + field, guest));
        }
    }

    /// <summary>The emulator's settings from the walkthrough's <c>Emulator__…=…</c> assignments, as its configuration binds them.</summary>
    private static EmulatorOptions EmulatorOptionsOf(string block)
    {
        var settings = EmulatorSettingPattern().Matches(block).ToDictionary(m => m.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal), m => (string?)m.Groups[2].Value);
        Assert.True(settings.ContainsKey("Emulator:CreateGuestsOnFirstWrite"), "the walkthrough does not start the emulator creating guests on first write");
        var options = new EmulatorOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(EmulatorOptions.SectionName).Bind(options);
        return options;
    }

    /// <summary>The README's publish command and the line that runs the published gateway.</summary>
    private static (string Publish, string Run) PublishLines()
    {
        var block = RepositoryDocs.Block(RepositoryDocs.Read("README.md"), GoingLive, "sh", "dotnet publish");
        var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("dotnet publish src/GuestSync.Gateway -c Release -o /opt/guestsync", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("dotnet /opt/guestsync/GuestSync.Gateway.dll", lines[1], StringComparison.Ordinal);
        return (lines[0], lines[1]);
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningPattern();

    [GeneratedRegex(@"^guest=(\S+)$", RegexOptions.Multiline)]
    private static partial Regex GuestPattern();

    [GeneratedRegex(@"(Emulator__\w+)=(\S+)")]
    private static partial Regex EmulatorSettingPattern();

    /// <summary>A temporary folder, deleted with everything in it.</summary>
    private sealed class TempFolder : IDisposable
    {
        public TempFolder(string prefix)
        {
            Path = Directory.CreateTempSubdirectory(prefix).FullName;
        }

        public string Path { get; }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans temp.
            }
        }
    }
}
