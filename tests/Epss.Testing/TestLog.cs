using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Epss.Testing;

/// <summary>
/// A logger provider for tests: writes to the test output and remembers every entry. Disposing it fails the
/// test if anything was logged at Error or above that the test did not say it expects.
/// </summary>
public sealed class TestLog : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly List<Func<LogEntry, bool>> _expectedErrors = [];

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    /// <summary>Declares errors the test provokes on purpose.</summary>
    public TestLog ExpectErrors(Func<LogEntry, bool> match)
    {
        lock (_expectedErrors)
        {
            _expectedErrors.Add(match);
        }
        return this;
    }

    public ILogger<T> For<T>() => new Logger<T>(this);

    public ILogger CreateLogger(string categoryName) => new EntryLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IReadOnlyList<LogEntry> UnexpectedErrors()
    {
        lock (_expectedErrors)
        {
            return [.. _entries.Where(e => e.Level >= LogLevel.Error && !_expectedErrors.Any(m => m(e)))];
        }
    }

    public void Dispose()
    {
        var unexpected = UnexpectedErrors();
        if (unexpected.Count > 0)
        {
            Assert.Fail("Unexpected errors were logged:\n" + string.Join("\n", unexpected));
        }
    }

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        try
        {
            TestContext.Current.TestOutputHelper?.WriteLine(entry.ToString());
        }
        catch (InvalidOperationException)
        {
            // Logged outside a running test (a background thread after the test ended).
        }
    }

    private sealed class EntryLogger(TestLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Add(new LogEntry(logLevel, category, eventId, formatter(state, exception), exception));
    }
}

public sealed record LogEntry(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId.Id}] {Message}{(Exception is null ? "" : " " + Exception)}";
}
