using Microsoft.Extensions.Compliance.Classification;

namespace GuestSync.Gateway.Security.Redaction;

/// <summary>How the gateway classifies the data it handles, for Microsoft.Extensions.Compliance redaction.</summary>
internal static class GuestSyncTaxonomy
{
    public const string TaxonomyName = "GuestSync";

    /// <summary>A guest or contact id: logged only as a keyed HMAC, so lines about one guest can still be matched.</summary>
    public static DataClassification GuestId { get; } = new(TaxonomyName, nameof(GuestId));

    /// <summary>Names, emails, phones and any other submitted value: never logged, erased.</summary>
    public static DataClassification PersonalData { get; } = new(TaxonomyName, nameof(PersonalData));

    /// <summary>Tokens, client secrets, key material: never logged, erased.</summary>
    public static DataClassification Secret { get; } = new(TaxonomyName, nameof(Secret));
}
