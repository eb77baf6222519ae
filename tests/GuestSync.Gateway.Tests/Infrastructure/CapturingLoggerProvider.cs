using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GuestSync.Gateway.Tests.Infrastructure;

/// <summary>Keeps every log line, formatted and with its structured properties, so tests can assert on what reached the logs.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Where(p => p.Key != "{OriginalFormat}").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                : new Dictionary<string, object?>(StringComparer.Ordinal);
            entries.Enqueue(new CapturedLog(logLevel, formatter(state, exception) + (exception is null ? string.Empty : " " + exception), category, eventId, properties, exception));
        }
    }
}

/// <summary>One captured line: <see cref="Message"/> is what a text sink prints (with the exception, stack trace included, when one was logged).</summary>
internal sealed record CapturedLog(
    LogLevel Level,
    string Message,
    string Category,
    EventId EventId,
    IReadOnlyDictionary<string, object?> Properties,
    Exception? Exception);
