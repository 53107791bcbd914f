namespace Epss.EndToEnd.Tests.Support;

/// <summary>
/// A test class whose tests drive the panel in Chromium. Sessions started with <see cref="StartPanelAsync"/> are
/// disposed after the test, and then a page error, console error or dialog in any of them fails the test, next to
/// (not instead of) a failure of the test itself.
/// </summary>
public abstract class PanelTest(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly List<PanelSession> _sessions = [];

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>A server of the test's own and a fresh panel page (not yet opened: see <see cref="PanelSession.OpenAsync"/>).</summary>
    protected async Task<PanelSession> StartPanelAsync()
    {
        var session = await PanelSession.StartAsync(chromium, Cancellation);
        _sessions.Add(session);
        return session;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        foreach (var session in _sessions)
        {
            try
            {
                await session.DisposeAsync();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }
        foreach (var session in _sessions)
        {
            try
            {
                session.AssertNoErrors();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }
        GC.SuppressFinalize(this);
        if (failures.Count == 1)
        {
            throw failures[0];
        }
        if (failures.Count > 1)
        {
            throw new AggregateException(failures);
        }
    }
}
