namespace GuestSync.Gateway.Profiles;

/// <summary>Default values of the profile settings, in one place.</summary>
internal static class ProfileDefaults
{
    public const string ProfileName = "default";
    public const string Operation = "replace";
    public const string ExternalContactsAction = "Update";
    public const string EnrichAction = "Upsert";
    public const string EnrichDefaultFieldAction = "PreferProvided";
    public const string GuestIdField = "guestId";
    public const string IdempotencyField = "submissionId";
    public const string LastUpdatedPointer = "/lastUpdated";
    public const int FieldMaxLength = 256;
}
