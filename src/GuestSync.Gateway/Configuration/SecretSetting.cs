namespace GuestSync.Gateway.Configuration;

/// <summary>
/// The one rule for a secret given either inline (<c>Section:Key</c>) or as a file (<c>Section:KeyFile</c>, e.g. a
/// mounted Kubernetes secret): at most one of them; a file is read whole and trimmed. Errors name the settings,
/// never the value.
/// </summary>
internal static class SecretSetting
{
    /// <summary>The value, or null when neither is set or an error was added.</summary>
    /// <param name="setting">The inline setting as <c>Section:Key</c>; the file setting is the same name plus <c>File</c>.</param>
    public static string? Read(string setting, string? value, string? file, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(errors);
        var hasValue = !string.IsNullOrWhiteSpace(value);
        var hasFile = !string.IsNullOrWhiteSpace(file);
        if (hasValue && hasFile)
        {
            errors.Add($"{setting} and {setting}File are both set: keep one.");
            return null;
        }

        if (!hasFile)
        {
            return hasValue ? value!.Trim() : null;
        }

        try
        {
            var fromFile = File.ReadAllText(file!).Trim();
            if (fromFile.Length > 0)
            {
                return fromFile;
            }

            errors.Add($"{setting}File '{file}' is empty.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => "the file does not exist",
                UnauthorizedAccessException => "access is denied",
                _ => ex.GetType().Name,
            };
            errors.Add($"{setting}File '{file}' cannot be read ({reason}).");
        }

        return null;
    }
}
