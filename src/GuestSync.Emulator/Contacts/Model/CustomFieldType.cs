namespace GuestSync.Emulator.Contacts.Model;

/// <summary>Custom field types of a Genesys contact schema, with the limits Genesys documents.</summary>
internal enum CustomFieldType
{
    /// <summary><c>text</c>: a string of at most 100 characters.</summary>
    Text,

    /// <summary><c>identifier</c>: a string of at most 100 characters.</summary>
    Identifier,

    /// <summary><c>url</c>: a string of at most 200 characters.</summary>
    Url,

    /// <summary><c>longtext</c> (Text Area): a string of at most 1,000 characters.</summary>
    LongText,

    /// <summary><c>integer</c>: a whole number.</summary>
    Integer,

    /// <summary><c>number</c>: any number.</summary>
    Number,

    /// <summary><c>checkbox</c>: true or false.</summary>
    Checkbox,

    /// <summary><c>date</c>: a string.</summary>
    Date,

    /// <summary><c>datetime</c>: a string.</summary>
    DateTime,

    /// <summary><c>tag</c>: an array of strings of at most 100 characters each.</summary>
    Tag,
}
