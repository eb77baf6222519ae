namespace GuestSync.Emulator.Contacts;

/// <summary>Finds changes that touch the same field twice or a field and its parent, which Genesys answers with 409.</summary>
internal static class ContactChangeConflicts
{
    /// <summary>A message naming the first conflict, or null. Linear in the number of changes times their depth.</summary>
    public static string? Find(IReadOnlyList<ContactChange> changes)
    {
        var fields = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (!fields.TryAdd(change.Field.Text, change.Index))
            {
                return $"changes[{fields[change.Field.Text]}] and changes[{change.Index}] both change {change.Field.Text}.";
            }
        }

        foreach (var change in changes)
        {
            var segments = change.Field.Segments;
            for (var length = 1; length < segments.Count; length++)
            {
                var parent = "$." + string.Join('.', segments.Take(length));
                if (fields.TryGetValue(parent, out var parentIndex))
                {
                    return $"changes[{parentIndex}] changes {parent}, the parent of {change.Field.Text} in changes[{change.Index}].";
                }
            }
        }

        return null;
    }
}
