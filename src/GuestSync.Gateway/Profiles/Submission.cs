namespace GuestSync.Gateway.Profiles;

/// <summary>A post that passed its profile's checks: whose profile to update, and with what.</summary>
internal sealed class Submission
{
    public Submission(string guestId, IReadOnlyList<SubmittedField> fields)
    {
        ArgumentException.ThrowIfNullOrEmpty(guestId);
        ArgumentNullException.ThrowIfNull(fields);
        GuestId = guestId;
        Fields = fields;
    }

    /// <summary>The guest (or contact) id, checked against the profile's <see cref="GuestIdFormat"/>; not yet escaped.</summary>
    public string GuestId { get; }

    /// <summary>The fields to write, in profile order; blank optional fields and unknown form fields are not here.</summary>
    public IReadOnlyList<SubmittedField> Fields { get; }
}
