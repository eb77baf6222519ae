namespace GuestSync.Emulator.Contacts;

/// <summary>The <c>action</c> of an external-contact change.</summary>
internal enum ContactChangeAction
{
    /// <summary>Sets the field, creating missing parent objects.</summary>
    Update,

    /// <summary>Sets the field only when it is empty: missing, null or the empty string.</summary>
    UpdateIfEmpty,

    /// <summary>Sets the field only when it is not empty (present, not null, not the empty string): the complement of <see cref="UpdateIfEmpty"/>.</summary>
    UpdateIfExists,

    /// <summary>Removes the field; nothing happens when it is missing.</summary>
    Remove,

    /// <summary>Adds the value (or each element of an array value) to the collection, creating it; items already there are not repeated.</summary>
    AppendToCollection,

    /// <summary>Removes every element equal to the value (or to an element of an array value); a missing collection is fine.</summary>
    RemoveFromCollection,
}
