using GuestSync.Gateway.Hosting;
using Microsoft.Extensions.Configuration;

namespace GuestSync.Gateway.Tests.Hosting;

/// <summary>The gateway's own default address (localhost:5080) never overrides where the operator or the image said to listen.</summary>
public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("urls", "http://+:8080")]
    [InlineData("http_ports", "8080")]   // ASPNETCORE_HTTP_PORTS, as the .NET container images set it
    [InlineData("https_ports", "8443")]
    [InlineData("Kestrel:Endpoints:http:Url", "http://+:8080")]
    public void Configured_address_is_kept(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        Assert.True(GatewayHostingExtensions.HasConfiguredAddress(configuration));
    }

    [Fact]
    public void Nothing_configured_uses_the_default()
    {
        Assert.False(GatewayHostingExtensions.HasConfiguredAddress(new ConfigurationBuilder().Build()));
    }
}
