using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using GuestSync.Gateway.Tests.Infrastructure;

namespace GuestSync.Gateway.Tests.Docs;

/// <summary>
/// <c>/readyz</c> is described once, the same way in README.md and docs/security.md, and its two examples (the public
/// summary and the operator's view after a first post) are what a live gateway answers.
/// </summary>
public sealed class ReadinessDocsTests
{
    private const string ReadmeHeading = "### Readiness: `/readyz`";
    private const string SecurityHeading = "## What `/readyz` shows";

    [Fact]
    public void Readme_and_security_md_describe_readyz_in_the_same_words()
    {
        Assert.Equal(Section(RepositoryDocs.Read("README.md"), ReadmeHeading), Section(RepositoryDocs.Read("docs/security.md"), SecurityHeading));
    }

    [Fact]
    public async Task Documented_summary_and_operator_view_are_what_readyz_answers_after_a_first_post()
    {
        var examples = RepositoryDocs.Blocks(RepositoryDocs.Read("README.md"), ReadmeHeading, "json");
        Assert.Equal(2, examples.Count);
        var summary = JsonNode.Parse(examples[0])!.AsObject();
        var operatorView = JsonNode.Parse(examples[1])!.AsObject();
        var keys = new TestKeys("2026-11"); // the example's key id
        await using var host = await GatewayHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Encryption:KeySet"] = keys.KeySetJson,
            ["Encryption:ActiveKeyId"] = keys.KeyId,
        });
        using (var post = await host.Client.PostAsync("/api/profile-sync", ProfileForms.UrlEncoded(ProfileForms.Valid())))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        using var anonymous = await host.Client.GetAsync("/readyz");
        using var detailed = await host.GetReadinessDetailAsync();

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal("no-store", anonymous.Headers.CacheControl?.ToString());
        Assert.True(JsonNode.DeepEquals(summary, JsonNode.Parse(await anonymous.Content.ReadAsStringAsync())), await anonymous.Content.ReadAsStringAsync());
        var actual = JsonNode.Parse(await detailed.Content.ReadAsStringAsync())!.AsObject();
        var count = actual["encryption"]!["2026-11.values"]!.GetValue<string>();
        Assert.True(long.Parse(count, System.Globalization.CultureInfo.InvariantCulture) > 0);
        operatorView["encryption"]!["2026-11.values"] = count; // values encrypted so far: a count, not a fixed number
        Assert.True(JsonNode.DeepEquals(operatorView, actual), actual.ToJsonString());

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-operator-key-0123456789abcdef");
        using var wrongAnswer = await host.Client.SendAsync(wrong);
        Assert.True(JsonNode.DeepEquals(summary, JsonNode.Parse(await wrongAnswer.Content.ReadAsStringAsync())));
    }

    /// <summary>The section's text from its heading to the next heading, without the heading line.</summary>
    private static string Section(string markdown, string heading)
    {
        var lines = markdown.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd('\r') == heading);
        Assert.True(start >= 0, $"no heading '{heading}'");
        var end = start + 1;
        var inFence = false;
        for (; end < lines.Length; end++)
        {
            if (lines[end].StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && lines[end].StartsWith('#'))
            {
                break;
            }
        }

        return string.Join('\n', lines[(start + 1)..end]).Trim();
    }
}
