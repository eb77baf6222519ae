namespace GuestSync.Gateway.Profiles;

/// <summary>What a guest id must look like. Either way it never contains '/', '..', '%', whitespace or control characters.</summary>
internal enum GuestIdFormat
{
    /// <summary>A UUID in its 36-character hyphenated form, e.g. <c>6f1c2b7e-0d4a-4c59-9a57-3a8f2f0c1d2e</c>.</summary>
    Uuid,

    /// <summary>1 to 128 characters of <c>[A-Za-z0-9_-]</c>.</summary>
    Token,
}
