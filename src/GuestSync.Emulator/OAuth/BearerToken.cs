namespace GuestSync.Emulator.OAuth;

internal static class BearerToken
{
    /// <summary>The token of an <c>Authorization: Bearer &lt;token&gt;</c> header, or null.</summary>
    public static string? Parse(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
