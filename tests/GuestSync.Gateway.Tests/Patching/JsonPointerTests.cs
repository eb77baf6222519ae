using GuestSync.Gateway.Patching;

namespace GuestSync.Gateway.Tests.Patching;

public sealed class JsonPointerTests
{
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
