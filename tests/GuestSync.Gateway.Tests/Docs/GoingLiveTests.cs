using System.Buffers.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GuestSync.Gateway.Tests.Encryption;

namespace GuestSync.Gateway.Tests.Docs;

/// <summary>
/// README "Going live", run as written: its settings block through bash (the README's own lines; only the secret folder
/// and the emulator's address are replaced, as its walkthrough says to), with the walkthrough's two lines that point
/// Genesys at the emulator, starting the gateway from the repository root with <c>dotnet run … --no-launch-profile</c>, and
/// again from a <c>dotnet publish</c> folder run from another working directory. The walkthrough's own secret files and
/// its own post (a token from docs/security.md's Node program, curl) give 200 synced, and what the emulator stored
/// decrypts with the key set, through the README's decryption snippet. The emulator is started by the walkthrough's own
/// lines too, and its log shows the gateway calling it. Every process is killed on failure; every wait is bounded.
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

        // 0. The emulator, started by the walkthrough's own lines (on a free loopback port instead of 5090).
        Assert.Contains("Emulator__CreateGuestsOnFirstWrite=true", emulatorBlock, StringComparison.Ordinal);
        using var emulator = ChildProcess.Start("bash", ["-c", emulatorBlock], RepositoryDocs.Root, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        });
        var emulatorListening = await emulator.WaitForOutputAsync(o => ListeningPattern().IsMatch(o), StartBound);
        Assert.True(emulatorListening, $"the emulator did not start listening (exited: {emulator.HasExited}); its output:\n{emulator.Output}");
        var emulatorUrl = ListeningPattern().Match(emulator.Output).Groups[1].Value;
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

        // 4. What reached the emulator: its log line per request, the token request and the patch, and the stored values
        //    (the walkthrough's admin call printed them), ciphertext that the key set decrypts.
        var guest = GuestPattern().Match(postBlock).Groups[1].Value;
        Assert.True(
            await emulator.WaitForOutputAsync(o => o.Contains($"PATCH /api/v2/guests/{guest} 200", StringComparison.Ordinal), StepBound),
            $"the emulator logged no line for the patch; its output:\n{emulator.Output}");
        Assert.Contains("POST /oauth/token 200", emulator.Output, StringComparison.Ordinal);
        var stored = JsonNode.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Last(l => l.StartsWith('{')))!.AsObject(); // the last line: the walkthrough's admin call
        var keySet = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(secrets, "guestsync-keys.json")))!["keys"]!.AsArray()
            .ToDictionary(k => k!["kid"]!.GetValue<string>(), k => Base64Url.DecodeFromChars(k!["k"]!.GetValue<string>()));
        foreach (var (field, value) in new[] { ("name", "Ada"), ("email", "ada@example.com"), ("phone", "+441632960123") })
        {
            var ciphertext = stored[field]!.GetValue<string>();
            Assert.DoesNotContain(value, ciphertext, StringComparison.Ordinal);
            Assert.Equal(value, ReadmeSnippets.DecryptJwe(ciphertext, keySet, "/" + field, guest));
        }
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
