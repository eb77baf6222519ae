namespace GuestSync.Gateway.Tests.Infrastructure;

/// <summary>Every message of an exception tree, so a test can read what a failed start told the operator.</summary>
internal static class ExceptionMessages
{
    public static string Flatten(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
            if (current is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(Flatten));
            }
        }

        return string.Join(" | ", messages);
    }
}
