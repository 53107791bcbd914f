using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Epss.Server.Telemetry;

/// <summary>
/// The server's own numbers for operators (README, "Operations"): connected panels, hub calls and their latency,
/// publish fan-out, failed sign-ins. System.Diagnostics instruments; <see cref="TelemetrySetup"/> exports them.
/// </summary>
internal static class ServerTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "Epss.Server";

    private static readonly Meter Meter = new(Name);

    /// <summary>Spans for pushing a published guide to the panels.</summary>
    public static readonly ActivitySource Activities = new(Name);

    private static readonly UpDownCounter<long> ConnectedPanels = Meter.CreateUpDownCounter<long>(
        "epss.panels.connected", "{connection}", "Panels connected to the guidance hub now");

    private static readonly Counter<long> HubCalls = Meter.CreateCounter<long>(
        "epss.hub.calls", "{call}", "Guidance hub calls, by method and outcome (ok, refused: an answer with a reason, failed)");

    private static readonly Histogram<double> HubCallDuration = Meter.CreateHistogram(
        "epss.hub.call.duration", "s", "Time from a guidance hub call's arrival to its answer, by method",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Histogram<double> FanOutDuration = Meter.CreateHistogram(
        "epss.publish.fanout.duration", "s", "Time to hand a changed guide to this server's panels that have it open",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    private static readonly Counter<long> SignInFailures = Meter.CreateCounter<long>(
        "epss.signin.failures", "{attempt}", "Refused sign-ins, by reason (password, throttled, second_factor, identity_provider)");

    public static void PanelConnected() => ConnectedPanels.Add(1);

    public static void PanelDisconnected() => ConnectedPanels.Add(-1);

    public static void HubCall(string method, string outcome, TimeSpan elapsed)
    {
        var methodTag = new KeyValuePair<string, object?>("method", method);
        HubCalls.Add(1, methodTag, new KeyValuePair<string, object?>("outcome", outcome));
        HubCallDuration.Record(elapsed.TotalSeconds, methodTag);
    }

    public static void FannedOut(TimeSpan elapsed) => FanOutDuration.Record(elapsed.TotalSeconds);

    public static void SignInFailed(string reason) => SignInFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
