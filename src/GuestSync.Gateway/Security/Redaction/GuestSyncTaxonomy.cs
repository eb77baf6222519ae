using Microsoft.Extensions.Compliance.Classification;

namespace GuestSync.Gateway.Security.Redaction;

/// <summary>The data the gateway redacts with Microsoft.Extensions.Compliance: guest ids in log lines. Nothing else personal is ever logged.</summary>
internal static class GuestSyncTaxonomy
{
    public const string TaxonomyName = "GuestSync";

    /// <summary>A guest or contact id: logged only as a keyed HMAC, so lines about one guest can still be matched.</summary>
    public static DataClassification GuestId { get; } = new(TaxonomyName, nameof(GuestId));
}
