using Epss.Content.Contract;

namespace Epss.Server.Hubs;

/// <summary>
/// Calls the server makes on a panel. Typed, so that every push is checked by the compiler.
/// </summary>
public interface IGuidanceClient
{
    /// <summary>The guide the panel has open changed on the server; here is its new version.</summary>
    Task GuideUpdated(GuideResponse guide);

    /// <summary>The guide the panel has open is no longer served (its file was removed or renamed).</summary>
    Task GuideRemoved(string guideId);
}

/// <summary>Where the official is: the host application's page, its title, the application's name, the official's role.</summary>
public sealed record PageContextRequest(string? Url, string? Title, string? App, string? Role);
