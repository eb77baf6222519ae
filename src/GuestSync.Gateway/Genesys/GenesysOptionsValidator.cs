using Microsoft.Extensions.Options;

namespace GuestSync.Gateway.Genesys;

/// <summary>Checks every organization at start, naming the setting to change for each problem.</summary>
internal sealed class GenesysOptionsValidator : IValidateOptions<GenesysOptions>
{
    public ValidateOptionsResult Validate(string? name, GenesysOptions options)
    {
        var errors = new List<string>();
        foreach (var (orgName, org) in options.AllOrgs())
        {
            GenesysOrgResolver.TryResolve(orgName, org, out _, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
