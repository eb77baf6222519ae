using GuestSync.Gateway.Genesys;

namespace GuestSync.Gateway.Tests.Genesys;

public sealed class GenesysOrgResolverTests
{
    private static GenesysOrgOptions Org(string region) => new() { Region = region, ClientId = "id", ClientSecret = "secret" };

    [Theory]
    [InlineData("eu-west-1", "mypurecloud.ie")]
    [InlineData("eu_west_1", "mypurecloud.ie")]
    [InlineData("US_EAST_1", "mypurecloud.com")]
    [InlineData("ap_southeast_2", "mypurecloud.com.au")]
    [InlineData("ap-southeast-1", "apse1.pure.cloud")]
    [InlineData("eusc-de-east-1", "edee1.eusc-pure.cloud")]
    [InlineData("us_east_2", "use2.us-gov-pure.cloud")]
    public void Region_name_in_either_spelling_resolves_to_its_api_and_login_hosts(string region, string domain)
    {
        var errors = new List<string>();

        Assert.True(GenesysOrgResolver.TryResolve("default", Org(region), out var org, errors));

        Assert.Equal(new Uri($"https://api.{domain}/"), org.ApiBaseUri);
        Assert.Equal(new Uri($"https://login.{domain}/"), org.LoginBaseUri);
        Assert.Empty(errors);
    }

    [Fact]
    public void Every_documented_region_is_known()
    {
        Assert.Equal(18, GenesysRegions.Names.Count);
    }

    [Fact]
    public void Base_url_overrides_win_over_the_region()
    {
        var options = Org("eu-west-1");
        options.ApiBaseUrl = "http://127.0.0.1:5090";
        options.LoginBaseUrl = "http://127.0.0.1:5091";

        Assert.True(GenesysOrgResolver.TryResolve("default", options, out var org, new List<string>()));

        Assert.Equal(5090, org.ApiBaseUri.Port);
        Assert.Equal(5091, org.LoginBaseUri.Port);
    }

    [Theory]
    [InlineData("mars_north_1", "http://127.0.0.1:5090", "http://127.0.0.1:5091")]
    [InlineData("eu-wset-1", "http://127.0.0.1:5090", null)]
    [InlineData("eu-wset-1", null, "http://127.0.0.1:5091")]
    public void Unknown_region_is_refused_even_when_hosts_are_overridden(string region, string? api, string? login)
    {
        var options = Org(region);
        options.ApiBaseUrl = api;
        options.LoginBaseUrl = login;
        var errors = new List<string>();

        Assert.False(GenesysOrgResolver.TryResolve("default", options, out _, errors));

        var error = Assert.Single(errors);
        Assert.StartsWith($"Genesys:Region '{region}' is not a Genesys Cloud region", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_hosts_overridden_need_no_region()
    {
        var options = new GenesysOrgOptions { ClientId = "id", ClientSecret = "secret", ApiBaseUrl = "http://127.0.0.1:5090", LoginBaseUrl = "http://127.0.0.1:5091" };

        Assert.True(GenesysOrgResolver.TryResolve("default", options, out _, new List<string>()));
    }

    [Fact]
    public void One_host_overridden_without_a_region_says_the_region_is_missing()
    {
        var options = new GenesysOrgOptions { ClientId = "id", ClientSecret = "secret", ApiBaseUrl = "http://127.0.0.1:5090" };
        var errors = new List<string>();

        Assert.False(GenesysOrgResolver.TryResolve("default", options, out _, errors));

        Assert.StartsWith("Genesys:Region is not set", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Named_org_errors_name_the_org_setting_path()
    {
        var errors = new List<string>();

        Assert.False(GenesysOrgResolver.TryResolve("emea", new GenesysOrgOptions { Region = "eu-west-1" }, out _, errors));

        Assert.Contains(errors, e => e.StartsWith("Genesys:Orgs:emea:ClientId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Genesys:Orgs:emea:ClientSecret", StringComparison.Ordinal));
    }

    [Fact]
    public void Client_secret_can_come_from_a_file()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "from-a-mounted-secret\n");
        try
        {
            var options = new GenesysOrgOptions { Region = "us-east-1", ClientId = "id", ClientSecretFile = path };

            Assert.True(GenesysOrgResolver.TryResolve("default", options, out var org, new List<string>()));

            Assert.Equal("from-a-mounted-secret", org.ClientSecret);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Client_secret_and_secret_file_both_set_is_an_error_naming_both()
    {
        var errors = new List<string>();
        var options = new GenesysOrgOptions { Region = "us-east-1", ClientId = "id", ClientSecret = "inline", ClientSecretFile = "/run/secrets/genesys" };

        Assert.False(GenesysOrgResolver.TryResolve("emea", options, out _, errors));

        Assert.Contains("Genesys:Orgs:emea:ClientSecret and Genesys:Orgs:emea:ClientSecretFile are both set: keep one.", errors);
        Assert.DoesNotContain(errors, e => e.Contains("inline", StringComparison.Ordinal));
    }
}
