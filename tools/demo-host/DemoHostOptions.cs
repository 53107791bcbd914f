namespace Epss.DemoHost;

/// <summary>The <c>DemoHost</c> settings: whether the pages embed the Epss overlay, and from which Epss server.</summary>
public sealed class DemoHostOptions
{
    public const string Section = "DemoHost";

    /// <summary>Insert <c>&lt;script src="{EpssServer}/overlay.js" defer&gt;</c> into every page.</summary>
    public bool Overlay { get; set; }

    /// <summary>The Epss server whose overlay script is embedded.</summary>
    public Uri EpssServer { get; set; } = new("http://localhost:5080");

    /// <summary>The address of the overlay script on <see cref="EpssServer"/> (a base path is kept).</summary>
    public Uri OverlayScript => new(new Uri(EpssServer.AbsoluteUri.TrimEnd('/') + "/"), "overlay.js");
}
