using System.Text;
using GuestSync.Gateway.Forms;

namespace GuestSync.Gateway.Tests.Forms;

public sealed class FieldNameCacheTests
{
    private readonly FormReader _reader = new();

    [Fact]
    public async Task A_second_post_with_the_same_field_names_reuses_their_strings_but_never_its_values()
    {
        var first = await Read("guestId=g-1&email=ada%40example.com");
        var second = await Read("guestId=g-1&email=ada%40example.com");

        var firstNames = first.Fields.Keys.OrderBy(name => name, StringComparer.Ordinal).ToArray();
        var secondNames = second.Fields.Keys.OrderBy(name => name, StringComparer.Ordinal).ToArray();
        Assert.Equal(firstNames, secondNames);
        Assert.All(firstNames.Zip(secondNames), pair => Assert.Same(pair.First, pair.Second));
        Assert.NotSame(first.Fields["email"], second.Fields["email"]);
        Assert.Equal("ada@example.com", second.Fields["email"]);
    }

    [Fact]
    public async Task Json_posts_reuse_unescaped_names_and_decode_escaped_ones_exactly()
    {
        var first = await ReadJson("""{"guestId":"g-1","n\u0061me":"Ada"}""");
        var second = await ReadJson("""{"guestId":"g-1","name":"Ada"}""");

        Assert.Same(first.Fields.Keys.Single(name => name == "guestId"), second.Fields.Keys.Single(name => name == "guestId"));
        Assert.Equal("Ada", first.Fields["name"]);
        Assert.Equal("Ada", second.Fields["name"]);
    }

    [Fact]
    public void Names_differing_only_in_case_or_beyond_ascii_are_told_apart()
    {
        var lower = FieldNameCache.Get("name"u8);

        Assert.Equal("Name", FieldNameCache.Get("Name"u8));
        Assert.Equal("namé", FieldNameCache.Get(Encoding.UTF8.GetBytes("namé")));
        Assert.Same(lower, FieldNameCache.Get("name"u8));
    }

    [Fact]
    public void Many_distinct_names_only_churn_the_cache_and_every_one_decodes_exactly()
    {
        for (var i = 0; i < 1000; i++)
        {
            var name = $"field{i}";
            Assert.Equal(name, FieldNameCache.Get(Encoding.ASCII.GetBytes(name)));
        }

        var longName = new string('x', 100);
        Assert.Equal(longName, FieldNameCache.Get(Encoding.ASCII.GetBytes(longName)));
    }

    private ValueTask<FormReadResult> Read(string body) =>
        _reader.ReadAsync(FormRequests.UrlEncoded(body), new FormLimits(), CancellationToken.None);

    private ValueTask<FormReadResult> ReadJson(string body) =>
        _reader.ReadAsync(FormRequests.Json(body), new FormLimits(), CancellationToken.None);
}
