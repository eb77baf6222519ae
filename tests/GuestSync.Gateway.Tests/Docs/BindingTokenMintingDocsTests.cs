using System.Net;
using System.Security.Cryptography;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Docs;

/// <summary>
/// docs/security.md "Minting a token in the site backend": its C# and Node programs, taken from the document and run as
/// written (the C# one as a .NET file-based app with its <c>#:package</c> line, the Node one with the <c>jose</c> package the
/// document names, installed by <c>npm ci</c> in Docs/Node as ./test.sh does); the token each prints is accepted by a
/// gateway with the same secret, issuer and audience, and refused when minted with another secret or for another guest.
/// </summary>
[Trait("Category", "Slow")]
public sealed class BindingTokenMintingDocsTests
{
    private const string Heading = "### Minting a token in the site backend";
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Csharp_snippet_from_security_md_prints_a_token_the_gateway_accepts()
    {
        var snippet = RepositoryDocs.Block(RepositoryDocs.Read("docs/security.md"), Heading, "csharp", "#:package");
        var folder = Directory.CreateTempSubdirectory("guestsync-mint-cs-").FullName;
        try
        {
            // Outside the repository, as in a site's own backend (no Directory.Packages.props applies).
            await File.WriteAllTextAsync(Path.Combine(folder, "mint-binding-token.cs"), snippet);
            await AssertMintedTokensAsync((guest, secret) => RunAsync(
                "dotnet", ["run", "mint-binding-token.cs", "--", guest], folder, secret));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Node_snippet_from_security_md_prints_a_token_the_gateway_accepts()
    {
        var snippet = RepositoryDocs.Block(RepositoryDocs.Read("docs/security.md"), Heading, "js", "from 'jose'");
        Assert.Contains("`npm install jose`", RepositoryDocs.Read("docs/security.md"), StringComparison.Ordinal);
        var packageFolder = Path.Combine(RepositoryDocs.Root, "tests", "GuestSync.Gateway.Tests", "Docs", "Node");
        Assert.True(
            File.Exists(Path.Combine(packageFolder, "node_modules", "jose", "package.json")),
            $"The jose package is not installed: run 'npm ci' in {packageFolder} (./test.sh does).");
        var folder = Directory.CreateTempSubdirectory("guestsync-mint-js-").FullName;
        try
        {
            // A backend's folder after `npm install jose`: the module resolves jose from its own node_modules.
            Directory.CreateSymbolicLink(Path.Combine(folder, "node_modules"), Path.Combine(packageFolder, "node_modules"));
            await File.WriteAllTextAsync(Path.Combine(folder, "mint-binding-token.mjs"), snippet);
            await AssertMintedTokensAsync((guest, secret) => RunAsync("node", ["mint-binding-token.mjs", guest], folder, secret));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One token for the gateway's secret (200, synced), one for another secret (401), one posted for another guest (403).</summary>
    private static async Task AssertMintedTokensAsync(Func<string, string, Task<string>> mint)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)); // as `openssl rand -base64 48` makes it
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Profiles:default:Binding:Required"] = "true",
            ["Profiles:default:Binding:Issuer"] = "https://shop.example.com",
            ["Profiles:default:Binding:Audience"] = "guestsync-gateway",
            ["Profiles:default:Binding:Secret"] = secret,
        });
        var guest = Guid.NewGuid().ToString();

        var token = await mint(guest, secret);
        var forged = await mint(guest, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));

        using (var accepted = await PostAsync(host, guest, token))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Contains("\"synced\"", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(ProfileForms.Name, host.Keys.Decrypt(host.Emulator.GetGuest(guest)!["name"]!.GetValue<string>()));
        using (var wrongSecret = await PostAsync(host, guest, forged))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
            Assert.Contains("signature is not valid", await wrongSecret.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var otherGuest = await PostAsync(host, Guid.NewGuid().ToString(), token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, otherGuest.StatusCode);
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(GatewayHost host, string guest, string token)
    {
        var fields = ProfileForms.Valid(guest);
        fields["bindingToken"] = token;
        return await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(fields));
    }

    /// <summary>Runs the snippet with the secret in GUESTSYNC_BINDING_SECRET, as the document says; its output is the token.</summary>
    private static async Task<string> RunAsync(string program, string[] arguments, string folder, string secret)
    {
        var (exitCode, output) = await ChildProcess.RunAsync(
            program, arguments, folder, new Dictionary<string, string> { ["GUESTSYNC_BINDING_SECRET"] = secret }, Bound);
        Assert.True(exitCode == 0, $"'{program} {string.Join(' ', arguments)}' exited with {exitCode}:\n{output}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"the snippet should print the token alone, it printed:\n{output}");
        Assert.Equal(3, lines[0].Split('.').Length);
        return lines[0];
    }
}
