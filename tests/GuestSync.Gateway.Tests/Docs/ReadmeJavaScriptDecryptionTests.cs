using System.Text.Json.Nodes;
using GuestSync.Gateway.Encryption;
using GuestSync.Gateway.Tests.Encryption;

namespace GuestSync.Gateway.Tests.Docs;

/// <summary>
/// README "Decrypting on the backend": its JavaScript functions, taken from the README as written and run with node, decrypt
/// what the gateway's own encryptors produce (JWE with its field, guest and kid; the seed-compatible envelope).
/// </summary>
public sealed class ReadmeJavaScriptDecryptionTests
{
    private const string Kid = "2026-11";

    [Fact]
    public async Task Readme_javascript_snippets_decrypt_what_the_gateway_encrypts()
    {
        var blocks = RepositoryDocs.Blocks(RepositoryDocs.Read("README.md"), "## Decrypting on the backend", "js");
        Assert.Equal(2, blocks.Count);
        var key = TestKeySets.NewKey();
        var guest = Guid.NewGuid().ToString();
        var jwe = new JweFieldEncryptor(TestKeySets.Provider(Kid, (Kid, key))).Encrypt("Zoë 🌍 +44", new FieldContext("/name", guest));
        var seed = new SeedCompatibleFieldEncryptor(TestKeySets.Provider(Kid, (Kid, key))).Encrypt("ada@example.org", new FieldContext("/email", guest));
        var folder = Directory.CreateTempSubdirectory("guestsync-readme-js-").FullName;
        try
        {
            // The README's two blocks as one module (the second uses the first one's import), and a caller.
            await File.WriteAllTextAsync(Path.Combine(folder, "decrypt.mjs"), string.Join('\n', blocks));
            await File.WriteAllTextAsync(Path.Combine(folder, "main.mjs"), """
                import { decryptJwe, decryptSeed } from './decrypt.mjs';
                const [jwe, seed, kid, key] = process.argv.slice(2);
                const keyBytes = Buffer.from(key, 'base64');
                console.log(JSON.stringify({ jwe: decryptJwe(jwe, { [kid]: keyBytes }), seed: decryptSeed(seed, keyBytes) }));
                """);

            var (exitCode, output) = await ChildProcess.RunAsync(
                "node", ["main.mjs", jwe, seed, Kid, Convert.ToBase64String(key)], folder, new Dictionary<string, string>(), TimeSpan.FromMinutes(1));

            Assert.True(exitCode == 0, $"node exited with {exitCode}:\n{output}");
            var result = JsonNode.Parse(output)!;
            Assert.Equal("Zoë 🌍 +44", result["jwe"]!["text"]!.GetValue<string>());
            Assert.Equal("/name", result["jwe"]!["field"]!.GetValue<string>());
            Assert.Equal(guest, result["jwe"]!["guestId"]!.GetValue<string>());
            Assert.Equal(Kid, result["jwe"]!["kid"]!.GetValue<string>());
            Assert.Equal("ada@example.org", result["seed"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
