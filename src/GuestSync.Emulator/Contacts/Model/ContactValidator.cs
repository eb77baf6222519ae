using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GuestSync.Emulator.Errors;

namespace GuestSync.Emulator.Contacts.Model;

/// <summary>
/// Checks a (partial) <c>ExternalContact</c> the way Genesys does: unknown fields, wrong types, invalid emails and
/// phone numbers, custom fields against the schema, and writes to server-managed fields. Every problem is
/// collected, named by its field (<c>workPhone.e164</c>, <c>customFields.nameEnc</c>); values are never quoted.
/// </summary>
internal sealed partial class ContactValidator(CustomFieldSchema customFields)
{
    public const string UnknownField = "unknown.field";
    public const string InvalidType = "invalid.type";
    public const string InvalidValue = "invalid.value";
    public const string TooLong = "value.too.long";
    public const string ReadOnly = "read.only.field";

    /// <summary>Validates <paramref name="contact"/>; <paramref name="mayKeep"/> says whether a server-managed value may stand (a PUT echoing it).</summary>
    public List<FieldError> Validate(JsonObject contact, Func<string, JsonNode?, bool>? mayKeep = null)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var errors = new List<FieldError>();
        foreach (var (name, value) in contact)
        {
            if (!ContactFields.Kinds.TryGetValue(name, out var kind))
            {
                errors.Add(new FieldError(name, UnknownField, $"{name} is not a field of an external contact."));
            }
            else if (kind == ContactFieldKind.ServerManaged)
            {
                if (mayKeep is null || !mayKeep(name, value))
                {
                    errors.Add(new FieldError(name, ReadOnly, $"{name} is set by Genesys and cannot be written."));
                }
            }
            else if (value is not null)
            {
                ValidateField(name, kind, value, errors);
            }
        }

        return errors;
    }

    /// <summary>Checks the elements a collection change adds or removes at a top-level or custom field.</summary>
    public List<FieldError> ValidateCollectionItems(IReadOnlyList<string> path, JsonArray items)
    {
        var errors = new List<FieldError>();
        var name = string.Join('.', path);
        var collection = path switch
        {
            [var top] when ContactFields.Kinds.TryGetValue(top, out var kind) && kind is ContactFieldKind.Identifiers or ContactFieldKind.Array => kind,
            ["customFields", var key] when !customFields.IsConfigured || (customFields.TryGetType(key, out var type) && type == CustomFieldType.Tag) => ContactFieldKind.CustomFields,
            _ => (ContactFieldKind?)null,
        };
        switch (collection)
        {
            case null:
                errors.Add(new FieldError(name, InvalidType, $"{name} is not a collection."));
                break;
            case ContactFieldKind.Identifiers:
                ValidateIdentifiers(items, errors);
                break;
            case ContactFieldKind.CustomFields:
                ValidateCustomField(path[1], items, errors);
                break;
        }

        return errors;
    }

    private void ValidateField(string name, ContactFieldKind kind, JsonNode value, List<FieldError> errors)
    {
        switch (kind)
        {
            case ContactFieldKind.Name:
                CheckString(name, value, ContactFields.NameMaxLength, errors);
                break;
            case ContactFieldKind.Text:
                CheckString(name, value, maxLength: null, errors);
                break;
            case ContactFieldKind.Email:
                if (CheckString(name, value, ContactFields.EmailMaxLength, errors) && !IsEmail(value.GetValue<string>()))
                {
                    errors.Add(new FieldError(name, InvalidValue, $"{name} must be a valid email address."));
                }

                break;
            case ContactFieldKind.Boolean:
                CheckKind(name, value, JsonValueKind.True, errors);
                break;
            case ContactFieldKind.Phone:
                ValidatePhone(name, value, errors);
                break;
            case ContactFieldKind.Address:
                ValidateMembers(name, value, ContactFields.AddressMembers, errors, (member, memberValue) => CheckString(member, memberValue, null, errors));
                break;
            case ContactFieldKind.CustomFields:
                ValidateCustomFields(value, errors);
                break;
            case ContactFieldKind.Identifiers:
                ValidateIdentifiers(value, errors);
                break;
            case ContactFieldKind.ContactType:
                if (CheckString(name, value, null, errors) && !ContactFields.ContactTypes.Contains(value.GetValue<string>()))
                {
                    errors.Add(new FieldError(name, InvalidValue, $"{name} must be one of {string.Join(", ", ContactFields.ContactTypes)}."));
                }

                break;
            case ContactFieldKind.Object:
                CheckKind(name, value, JsonValueKind.Object, errors);
                break;
            case ContactFieldKind.Array:
                CheckKind(name, value, JsonValueKind.Array, errors);
                break;
        }
    }

    private static void ValidatePhone(string name, JsonNode value, List<FieldError> errors) =>
        ValidateMembers(name, value, ContactFields.PhoneMembers, errors, (member, memberValue) =>
        {
            switch (member[(name.Length + 1)..])
            {
                case "extension":
                    CheckKind(member, memberValue, JsonValueKind.Number, errors);
                    break;
                case "acceptsSMS":
                    CheckKind(member, memberValue, JsonValueKind.True, errors);
                    break;
                case "e164" when CheckString(member, memberValue, null, errors) && !E164().IsMatch(memberValue.GetValue<string>()):
                    errors.Add(new FieldError(member, InvalidValue, $"{member} must be an E.164 phone number (+ and up to 15 digits)."));
                    break;
                case "display" when CheckString(member, memberValue, null, errors) && !IsPhoneDisplay(memberValue.GetValue<string>()):
                    errors.Add(new FieldError(member, InvalidValue, $"{member} must be a phone number."));
                    break;
                case "e164" or "display":
                    break;
                default:
                    CheckString(member, memberValue, null, errors);
                    break;
            }
        });

    private static void ValidateMembers(string name, JsonNode value, IReadOnlySet<string> members, List<FieldError> errors, Action<string, JsonNode> check)
    {
        if (!CheckKind(name, value, JsonValueKind.Object, errors))
        {
            return;
        }

        foreach (var (member, memberValue) in value.AsObject())
        {
            var field = $"{name}.{member}";
            if (!members.Contains(member))
            {
                errors.Add(new FieldError(field, UnknownField, $"{field} is not a field of an external contact."));
            }
            else if (memberValue is not null)
            {
                check(field, memberValue);
            }
        }
    }

    private void ValidateCustomFields(JsonNode value, List<FieldError> errors)
    {
        if (CheckKind("customFields", value, JsonValueKind.Object, errors))
        {
            foreach (var (key, fieldValue) in value.AsObject())
            {
                ValidateCustomField(key, fieldValue, errors);
            }
        }
    }

    private void ValidateCustomField(string key, JsonNode? value, List<FieldError> errors)
    {
        var field = "customFields." + key;
        if (!customFields.IsConfigured)
        {
            if (value is JsonObject || (value is JsonArray array && array.Any(item => item?.GetValueKind() != JsonValueKind.String)))
            {
                errors.Add(new FieldError(field, InvalidType, $"{field} must be a string, number, boolean or list of strings."));
            }

            return;
        }

        if (!customFields.TryGetType(key, out var type))
        {
            errors.Add(new FieldError(field, UnknownField, $"{field} is not a field of the contact schema."));
            return;
        }

        if (value is null)
        {
            return;
        }

        var maxLength = CustomFieldSchema.MaxLength(type);
        switch (type)
        {
            case CustomFieldType.Integer when value.GetValueKind() != JsonValueKind.Number || !value.AsValue().TryGetValue<long>(out _):
                errors.Add(new FieldError(field, InvalidType, $"{field} must be a whole number."));
                break;
            case CustomFieldType.Number:
                CheckKind(field, value, JsonValueKind.Number, errors);
                break;
            case CustomFieldType.Checkbox:
                CheckKind(field, value, JsonValueKind.True, errors);
                break;
            case CustomFieldType.Tag when CheckKind(field, value, JsonValueKind.Array, errors):
                foreach (var tag in value.AsArray())
                {
                    CheckString(field, tag, maxLength, errors);
                }

                break;
            case CustomFieldType.Integer or CustomFieldType.Tag:
                break;
            default:
                CheckString(field, value, maxLength, errors);
                break;
        }
    }

    private static void ValidateIdentifiers(JsonNode value, List<FieldError> errors)
    {
        if (!CheckKind("identifiers", value, JsonValueKind.Array, errors))
        {
            return;
        }

        var items = value.AsArray();
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = $"identifiers[{i}]";
            if (items[i] is not JsonObject identifier)
            {
                errors.Add(new FieldError(prefix, InvalidType, $"{prefix} must be an object with type and value."));
                continue;
            }

            ValidateIdentifier(prefix, identifier, errors);
        }
    }

    /// <summary>Checks a <c>ContactIdentifier</c>: a known type, a value of 1 to 255 characters, phones with a leading +.</summary>
    public static void ValidateIdentifier(string prefix, JsonObject identifier, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(errors);
        var type = identifier["type"];
        if (type?.GetValueKind() != JsonValueKind.String || !ContactFields.IdentifierTypes.Contains(type.GetValue<string>()))
        {
            errors.Add(new FieldError(prefix + ".type", InvalidValue, $"{prefix}.type must be one of {string.Join(", ", ContactFields.IdentifierTypes)}."));
        }

        var value = identifier["value"];
        if (value?.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length == 0)
        {
            errors.Add(new FieldError(prefix + ".value", InvalidType, $"{prefix}.value must be a non-empty string."));
        }
        else if (value.GetValue<string>().Length > ContactFields.IdentifierValueMaxLength)
        {
            errors.Add(new FieldError(prefix + ".value", TooLong, $"{prefix}.value is longer than {ContactFields.IdentifierValueMaxLength} characters."));
        }
        else if (type?.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == "Phone" && !value.GetValue<string>().StartsWith('+'))
        {
            errors.Add(new FieldError(prefix + ".value", InvalidValue, $"{prefix}.value must be a phone number with its country code and a leading +."));
        }

        foreach (var (member, _) in identifier)
        {
            if (member is not ("type" or "value" or "division" or "dateCreated" or "externalSource"))
            {
                errors.Add(new FieldError($"{prefix}.{member}", UnknownField, $"{prefix}.{member} is not a field of a contact identifier."));
            }
        }
    }

    /// <summary>True when <paramref name="value"/> is a string within <paramref name="maxLength"/>; otherwise adds the error.</summary>
    private static bool CheckString(string name, JsonNode? value, int? maxLength, List<FieldError> errors)
    {
        if (!CheckKind(name, value, JsonValueKind.String, errors))
        {
            return false;
        }

        if (maxLength is { } max && value!.GetValue<string>().Length > max)
        {
            errors.Add(new FieldError(name, TooLong, $"{name} is longer than {max} characters."));
            return false;
        }

        return true;
    }

    /// <summary>True when <paramref name="value"/> is of <paramref name="kind"/> (<see cref="JsonValueKind.True"/> stands for a boolean).</summary>
    private static bool CheckKind(string name, JsonNode? value, JsonValueKind kind, List<FieldError> errors)
    {
        var actual = value?.GetValueKind() ?? JsonValueKind.Null;
        var matches = kind == JsonValueKind.True ? actual is JsonValueKind.True or JsonValueKind.False : actual == kind;
        if (!matches)
        {
            var expected = kind switch
            {
                JsonValueKind.True => "a boolean",
                JsonValueKind.String => "a string",
                JsonValueKind.Number => "a number",
                JsonValueKind.Array => "an array",
                _ => "an object",
            };
            errors.Add(new FieldError(name, InvalidType, $"{name} must be {expected}."));
        }

        return matches;
    }

    private static bool IsEmail(string value) => value.Length <= ContactFields.EmailMaxLength && Email().IsMatch(value);

    private static bool IsPhoneDisplay(string value) =>
        PhoneDisplay().IsMatch(value) && value.Count(char.IsAsciiDigit) is >= 3 and <= 20;

    [GeneratedRegex(@"^[^@\s""(),:;<>\[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    [GeneratedRegex(@"^\+?[0-9 ().\-/]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneDisplay();
}
