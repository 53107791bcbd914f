using Epss.Server.Apis;
using Epss.Server.Editor;
using Epss.Server.Hosting;
using Epss.Server.ScaleOut;
using Epss.Server.Security;
using Epss.Server.Telemetry;

var builder = WebApplication.CreateBuilder(args);
var scaleOut = builder.AddEpssScaleOutOptions();
builder.AddEpssServices(scaleOut);
builder.AddEpssSecurity(scaleOut);
builder.AddEpssAuditLog(scaleOut);
builder.AddEpssSignInThrottling();
builder.AddEpssSessionChecks();
builder.AddEpssSiteSecurity();
builder.AddEpssEditor(scaleOut);
builder.AddEpssAnalytics();
builder.AddEpssScaleOut(scaleOut);
builder.AddEpssTelemetry();

var app = builder.Build();
app.UseEpssSiteSecurity();
app.UseEpssErrorHandling();
app.UseEpssSecurity();
app.MapEpssHealth();
app.MapEpssMetrics();
app.MapSignIn();
app.MapAudit();
app.MapGuideApi();
app.MapSearchApi();
app.MapContentApi();
app.MapFlagApi();
app.MapEditor();
app.MapAnalytics();
app.MapGuidanceHub();
app.MapPanel();
app.MapOverlay();
app.MapOpenApi().RequireAuthorization(EpssPolicies.ReadGuides);
app.Run();

/// <summary>The entry point, visible to the tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
