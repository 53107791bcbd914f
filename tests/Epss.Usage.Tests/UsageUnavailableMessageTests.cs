namespace Epss.Usage.Tests;

/// <summary>
/// The panel keeps events for later, instead of taking them for bad ones, when the server's answer ends with this
/// sentence (retryLaterMessageEnd in src/web/src/panel/hub-client.ts): both "not now" messages must end so.
/// </summary>
public sealed class UsageUnavailableMessageTests
{
    private const string RetryLaterMessageEnd = "Het wordt later opnieuw verstuurd.";

    [Theory]
    [InlineData(UsageUnavailableException.DefaultMessage)]
    [InlineData(UsageUnavailableException.BusyMessage)]
    public void Not_now_answers_end_as_the_panel_recognises_them(string message) =>
        Assert.EndsWith(RetryLaterMessageEnd, message, StringComparison.Ordinal);

    [Fact]
    public void Panel_recognises_the_same_sentence()
    {
        var hubClient = File.ReadAllText(Path.Combine(Epss.Testing.RepositoryRoot.Path, "src", "web", "src", "panel", "hub-client.ts"));

        Assert.Contains($"retryLaterMessageEnd = \"{RetryLaterMessageEnd}\"", hubClient, StringComparison.Ordinal);
    }
}
