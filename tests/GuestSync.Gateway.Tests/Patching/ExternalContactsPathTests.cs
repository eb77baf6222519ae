using GuestSync.Gateway.Patching;

namespace GuestSync.Gateway.Tests.Patching;

public sealed class ExternalContactsPathTests
{
    [Theory]
    [InlineData("$.firstName", true)]
    [InlineData("$.customFields.loyalty_tier", true)]
    [InlineData("$.a.b.c", true)]
    [InlineData("$", false)]
    [InlineData("$.", false)]
    [InlineData("$.a.", false)]
    [InlineData("$..a", false)]
    [InlineData("$.a[0]", false)]
    [InlineData("$['a']", false)]
    [InlineData("$.2fa", false)]
    [InlineData("/firstName", false)]
    public void Only_dotted_identifier_paths_are_accepted(string path, bool valid) =>
        Assert.Equal(valid, ExternalContactsPath.IsValid(path));

    [Theory]
    [InlineData("$.a", "$.a.b", true)]
    [InlineData("$.a", "$.ab", false)]
    [InlineData("$.a.b", "$.a", false)]
    [InlineData("$.a", "$.a", false)]
    public void Parent_contains_only_its_own_children(string parent, string path, bool contains) =>
        Assert.Equal(contains, ExternalContactsPath.Contains(parent, path));
}
