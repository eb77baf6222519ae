namespace GuestSync.Emulator.Errors;

/// <summary>
/// <c>code</c> values of Genesys error bodies. <see cref="TooManyRequests"/>, <see cref="AuthenticationRequired"/>
/// and <see cref="BadCredentials"/> are the ones Genesys sends; the others are the emulator's best match.
/// </summary>
internal static class GenesysErrorCodes
{
    public const string BadRequest = "bad.request";
    public const string AuthenticationRequired = "authentication.required";
    public const string BadCredentials = "bad.credentials";
    public const string NotFound = "not.found";
    public const string MethodNotAllowed = "method.not.allowed";
    public const string Conflict = "conflict";
    public const string RequestEntityTooLarge = "request.entity.too.large";
    public const string UnsupportedMediaType = "unsupported.media.type";
    public const string TooManyRequests = "too.many.requests.retry.after";
    public const string ServiceUnavailable = "service.unavailable";
    public const string InternalServerError = "internal.server.error";

    /// <summary>The code an injected fault of <paramref name="status"/> answers with.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => BadCredentials,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => RequestEntityTooLarge,
        415 => UnsupportedMediaType,
        429 => TooManyRequests,
        503 => ServiceUnavailable,
        >= 500 => InternalServerError,
        _ => "error",
    };
}
