using GuestSync.Gateway.Patching;

namespace GuestSync.Gateway.Tests.Patching;

public sealed class JsonPointerTests
{
    [Theory]
    [InlineData("email", "email")]
    [InlineData("a/b", "a~1b")]
    [InlineData("a~b", "a~0b")]
    [InlineData("~1", "~01")]
    [InlineData("/~", "~1~0")]
    [InlineData("", "")]
    public void Member_name_is_escaped_per_rfc_6901(string name, string token) =>
        Assert.Equal(token, JsonPointer.EscapeSegment(name));

    [Fact]
    public void Pointer_built_from_raw_names_escapes_each_segment() =>
        Assert.Equal("/customFields/a~1b/c~0d", JsonPointer.FromSegments("customFields", "a/b", "c~d"));

    [Theory]
    [InlineData("/email", true)]
    [InlineData("/a~0b/c~1d", true)]
    [InlineData("/", true)]
    [InlineData("email", false)]
    [InlineData("", false)]
    [InlineData("/a~", false)]
    [InlineData("/a~2", false)]
    public void Configured_pointer_is_checked(string pointer, bool valid) =>
        Assert.Equal(valid, JsonPointer.IsValid(pointer));
}
