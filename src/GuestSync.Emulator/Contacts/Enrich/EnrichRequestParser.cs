using System.Text.Json;
using System.Text.Json.Nodes;
using GuestSync.Emulator.Contacts.Model;
using GuestSync.Emulator.Errors;

namespace GuestSync.Emulator.Contacts.Enrich;

/// <summary>
/// Reads a <c>ContactEnrichRequest</c> (SDK model): 1 to 25 <c>matchingIdentifiers</c>, an <c>action</c>, an optional
/// partial <c>contact</c> validated like any contact write, optional <c>fieldRules</c>. Every problem is collected.
/// </summary>
internal sealed class EnrichRequestParser(ContactValidator validator)
{
    public const int MaxIdentifiers = 25;

    private static readonly HashSet<string> Members = ["id", "division", "matchingIdentifiers", "action", "contact", "fieldRules", "options"];

    /// <summary>The operation, or null with <paramref name="errors"/> naming every refused field.</summary>
    public EnrichOperation? Parse(JsonNode? node, out List<FieldError> errors)
    {
        errors = [];
        if (node is not JsonObject request)
        {
            errors.Add(new FieldError("body", ContactValidator.InvalidType, "An enrich request must be a JSON object."));
            return null;
        }

        foreach (var (member, _) in request)
        {
            if (!Members.Contains(member))
            {
                errors.Add(new FieldError(member, ContactValidator.UnknownField, $"{member} is not a field of an enrich request."));
            }
        }

        var trackerId = ReadString(request, "id", required: false, errors);
        var identifiers = ReadIdentifiers(request, errors);
        var action = ReadEnum<EnrichAction>(request, "action", required: true, errors);
        var contact = request["contact"] switch
        {
            null => new JsonObject(),
            JsonObject provided => (JsonObject)provided.DeepClone(),
            _ => Invalid<JsonObject>(errors, "contact", "contact must be an external contact (a JSON object).") ?? new JsonObject(),
        };
        errors.AddRange(validator.Validate(contact).Select(error => error with { FieldName = "contact." + error.FieldName }));
        var rules = ReadRules(request["fieldRules"], errors);
        return errors.Count == 0 ? new EnrichOperation(trackerId, identifiers, action!.Value, contact, rules) : null;
    }

    private static List<(string Type, string Value)> ReadIdentifiers(JsonObject request, List<FieldError> errors)
    {
        var identifiers = new List<(string, string)>();
        if (request["matchingIdentifiers"] is not JsonArray items || items.Count is 0 or > MaxIdentifiers)
        {
            errors.Add(new FieldError("matchingIdentifiers", ContactValidator.InvalidValue, $"matchingIdentifiers must list 1 to {MaxIdentifiers} identifiers."));
            return identifiers;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var field = $"matchingIdentifiers[{i}]";
            if (items[i] is not JsonObject identifier)
            {
                errors.Add(new FieldError(field, ContactValidator.InvalidType, $"{field} must be an object with type and value."));
                continue;
            }

            var before = errors.Count;
            ContactValidator.ValidateIdentifier(field, identifier, errors);
            if (errors.Count == before)
            {
                identifiers.Add((identifier["type"]!.GetValue<string>(), identifier["value"]!.GetValue<string>()));
            }
        }

        return identifiers;
    }

    private static EnrichFieldRules ReadRules(JsonNode? node, List<FieldError> errors)
    {
        if (node is null)
        {
            return EnrichFieldRules.Default;
        }

        if (node is not JsonObject rules)
        {
            return Invalid<EnrichFieldRules>(errors, "fieldRules", "fieldRules must be an object.") ?? EnrichFieldRules.Default;
        }

        var fields = new Dictionary<string, (EnrichFieldAction?, EnrichArrayAction?)>(StringComparer.Ordinal);
        if (rules["rules"] is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var prefix = $"fieldRules.rules[{i}]";
                if (list[i] is not JsonObject rule)
                {
                    errors.Add(new FieldError(prefix, ContactValidator.InvalidType, $"{prefix} must be an object with a field."));
                    continue;
                }

                if (ReadString(rule, "field", required: true, errors, prefix) is not { } field)
                {
                    continue;
                }

                fields[field] = (ReadEnum<EnrichFieldAction>(rule, "action", required: false, errors, prefix), ReadEnum<EnrichArrayAction>(rule, "arrayAction", required: false, errors, prefix));
            }
        }
        else if (rules["rules"] is not null)
        {
            errors.Add(new FieldError("fieldRules.rules", ContactValidator.InvalidType, "fieldRules.rules must be an array."));
        }

        return new EnrichFieldRules(
            ReadEnum<EnrichFieldAction>(rules, "defaultAction", required: false, errors, "fieldRules") ?? EnrichFieldAction.PreferProvided,
            ReadEnum<EnrichArrayAction>(rules, "defaultArrayAction", required: false, errors, "fieldRules") ?? EnrichArrayAction.Fill,
            fields);
    }

    private static string? ReadString(JsonObject obj, string member, bool required, List<FieldError> errors, string? prefix = null)
    {
        var node = obj[member];
        if (node is null && !required)
        {
            return null;
        }

        if (node?.GetValueKind() == JsonValueKind.String)
        {
            return node.GetValue<string>();
        }

        var field = prefix is null ? member : $"{prefix}.{member}";
        return Invalid<string>(errors, field, $"{field} must be a string.");
    }

    private static T? ReadEnum<T>(JsonObject obj, string member, bool required, List<FieldError> errors, string? prefix = null)
        where T : struct, Enum
    {
        var text = ReadString(obj, member, required, errors, prefix);
        if (text is null)
        {
            return null;
        }

        if (Enum.TryParse<T>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) && !char.IsAsciiDigit(text[0]))
        {
            return value;
        }

        var field = prefix is null ? member : $"{prefix}.{member}";
        errors.Add(new FieldError(field, ContactValidator.InvalidValue, $"{field} must be one of {string.Join(", ", Enum.GetNames<T>())}."));
        return null;
    }

    private static T? Invalid<T>(List<FieldError> errors, string field, string message)
    {
        errors.Add(new FieldError(field, ContactValidator.InvalidType, message));
        return default;
    }
}
