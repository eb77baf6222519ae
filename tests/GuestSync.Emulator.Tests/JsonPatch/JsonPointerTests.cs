using GuestSync.Emulator.JsonPatch;

namespace GuestSync.Emulator.Tests.JsonPatch;

public sealed class JsonPointerTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("/", new[] { "" })]
    [InlineData("/a~1b/m~0n", new[] { "a/b", "m~n" })]
    [InlineData("/~01", new[] { "~1" })]
    [InlineData("/a//b", new[] { "a", "", "b" })]
    public void Valid_pointers_unescape_tilde_sequences(string text, string[] tokens)
    {
        Assert.True(JsonPointer.TryParse(text, out var pointer));
        Assert.Equal(tokens, pointer.Tokens);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("/a~")]
    [InlineData("/a~2")]
    [InlineData("#/a")]
    public void Invalid_pointers_are_rejected(string text)
    {
        Assert.False(JsonPointer.TryParse(text, out _));
    }

    [Theory]
    [InlineData("/a", "/a/b", true)]
    [InlineData("", "/a", true)]
    [InlineData("/a", "/a", false)]
    [InlineData("/a", "/ab", false)]
    public void Proper_prefix_compares_whole_tokens(string prefix, string other, bool expected)
    {
        JsonPointer.TryParse(prefix, out var a);
        JsonPointer.TryParse(other, out var b);

        Assert.Equal(expected, a!.IsProperPrefixOf(b!));
    }
}
