using GuestSync.Gateway.Profiles;

namespace GuestSync.Gateway.Tests.Profiles;

public sealed class EmailAddressRuleTests
{
    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("ada.lovelace+news@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("用户@例子.广告")]
    [InlineData("a@b-c.io")]
    public void Ordinary_addresses_are_accepted(string address) => Assert.True(EmailAddressRule.IsValid(address));

    [Theory]
    [InlineData("")]
    [InlineData("@example.com")]
    [InlineData("ada@")]
    [InlineData(".ada@example.com")]
    [InlineData("ada.@example.com")]
    [InlineData("a..da@example.com")]
    [InlineData("ada@-example.com")]
    [InlineData("ada@example-.com")]
    [InlineData("ada@example..com")]
    [InlineData("ada@example.com.")]
    [InlineData("ada@localhost")]
    [InlineData("ada@[127.0.0.1]")]
    [InlineData("ada@127.0.0.1")]
    [InlineData("ada(comment)@example.com")]
    [InlineData("ada,bob@example.com")]
    [InlineData("ada;bob@example.com")]
    public void Unusual_or_malformed_addresses_are_rejected(string address) => Assert.False(EmailAddressRule.IsValid(address));

    [Fact]
    public void Local_part_over_64_characters_is_rejected() =>
        Assert.False(EmailAddressRule.IsValid(new string('a', 65) + "@example.com"));

    [Fact]
    public void Address_over_254_characters_is_rejected() =>
        Assert.False(EmailAddressRule.IsValid("a@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 5)) + ".com"));
}
