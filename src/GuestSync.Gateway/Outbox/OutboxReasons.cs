namespace GuestSync.Gateway.Outbox;

/// <summary>The reasons a dead letter records.</summary>
internal static class OutboxReasons
{
    /// <summary>Older than <c>Delivery:MaxAge</c> (counted from its last acceptance or requeue).</summary>
    public const string Expired = "expired";

    /// <summary>A permanent answer from Genesys, e.g. <c>status-404</c>.</summary>
    public static string Status(int status) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"status-{status}");
}
