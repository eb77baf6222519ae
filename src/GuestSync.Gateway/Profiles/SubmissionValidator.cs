using GuestSync.Gateway.Forms;

namespace GuestSync.Gateway.Profiles;

/// <summary>
/// Checks read form fields against a profile: the guest id (for contacts-enrich by its identifier type, and normalized:
/// <see cref="EnrichIdentifierRule"/>), then each configured field in profile order
/// (required, length after trimming, format). Form fields the profile does not list are ignored.
/// Every field at fault is reported at once; messages never repeat the submitted value.
/// </summary>
internal sealed class SubmissionValidator
{
    public SubmissionResult Validate(IReadOnlyDictionary<string, string> fields, ProfileOptions profile)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(profile);

        Dictionary<string, string[]>? errors = null;
        void AddError(string field, string message) =>
            (errors ??= new(StringComparer.Ordinal))[field] = [message];

        var guestId = fields.GetValueOrDefault(profile.GuestIdField) ?? string.Empty;
        var guestIdError = guestId.Length == 0 ? "is required"
            : profile.Dialect == PatchDialect.ContactsEnrich ? EnrichIdentifierRule.Check(ref guestId, profile.Enrich.IdentifierType, profile.GuestIdFormat)
            : GuestIdRule.Check(guestId, profile.GuestIdFormat);
        if (guestIdError is not null)
        {
            AddError(profile.GuestIdField, guestIdError);
        }
        else
        {
            guestId = GuestIdRule.Canonical(guestId, profile.GuestIdFormat);
        }

        // An array of the profile's size, cut down only when an optional field was left blank: no list around it.
        var accepted = new SubmittedField[profile.Fields.Count];
        var acceptedCount = 0;
        foreach (var (name, options) in profile.Fields)
        {
            var value = (fields.GetValueOrDefault(name) ?? string.Empty).Trim();
            if (value.Length == 0)
            {
                if (options.Required)
                {
                    AddError(name, "is required");
                }

                continue;
            }

            var error = Check(ref value, options);
            if (error is null)
            {
                accepted[acceptedCount++] = new SubmittedField(name, options, value);
            }
            else
            {
                AddError(name, error);
            }
        }

        return errors is null
            ? SubmissionResult.Success(new Submission(guestId, acceptedCount == accepted.Length ? accepted : accepted[..acceptedCount]))
            : SubmissionResult.Failure(FormProblems.InvalidFields(errors));
    }

    private static string? Check(ref string value, FieldOptions options)
    {
        if (value.Length > options.MaxLength)
        {
            return $"must be at most {options.MaxLength} characters";
        }

        if (options.Format == FieldFormat.Email && !EmailAddressRule.IsValid(value))
        {
            return "must be an email address such as name@example.com";
        }

        if (options.Format == FieldFormat.PhoneE164)
        {
            if (!PhoneNumberRule.TryNormalize(value, out var phone))
            {
                return "must be a phone number in international format, such as +442079460000";
            }

            value = phone;
        }

        return null;
    }
}
