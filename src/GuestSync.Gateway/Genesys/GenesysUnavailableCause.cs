namespace GuestSync.Gateway.Genesys;

/// <summary>Why an organization could not be sent to now.</summary>
internal enum GenesysUnavailableCause
{
    /// <summary>No access token could be had from the organization's token endpoint.</summary>
    NoToken,

    /// <summary>The organization is cooling down after a 429, or the rate-limit window Genesys reported is spent, for longer than the submission's budget.</summary>
    CoolingDown,
}
