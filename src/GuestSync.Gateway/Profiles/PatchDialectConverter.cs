using System.ComponentModel;
using System.Globalization;

namespace GuestSync.Gateway.Profiles;

/// <summary>
/// Lets configuration spell dialects the way the docs do (<c>json-patch</c>, <c>external-contacts</c>, <c>contacts-enrich</c>)
/// as well as by enum name; the configuration binder consults the type's converter.
/// </summary>
internal sealed class PatchDialectConverter : EnumConverter
{
    public PatchDialectConverter()
        : base(typeof(PatchDialect))
    {
    }

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is string text)
        {
            var compact = text.Replace("-", string.Empty, StringComparison.Ordinal)
                .Replace("_", string.Empty, StringComparison.Ordinal)
                .Trim();
            if (Enum.TryParse<PatchDialect>(compact, ignoreCase: true, out var dialect) && Enum.IsDefined(dialect))
            {
                return dialect;
            }

            throw new FormatException($"'{text}' is not a patch dialect; use 'json-patch', 'external-contacts' or 'contacts-enrich'.");
        }

        return base.ConvertFrom(context, culture, value);
    }
}
