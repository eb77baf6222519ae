using GuestSync.Gateway.Profiles;

namespace GuestSync.Gateway.Patching;

/// <summary>The resource an enrich writes, named by its matching identifier: <c>enrich:&lt;type&gt;:&lt;value&gt;</c> (the outbox key).</summary>
internal static class EnrichKey
{
    public const string Prefix = "enrich:";

    public static string For(EnrichIdentifierType type, string value) => $"{Prefix}{type}:{value}";

    public static bool IsEnrich(string key) => key.StartsWith(Prefix, StringComparison.Ordinal);
}
