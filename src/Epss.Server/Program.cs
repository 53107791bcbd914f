using Epss.Server.Apis;
using Epss.Server.Editor;
using Epss.Server.Hosting;
using Epss.Server.ScaleOut;
using Epss.Server.Security;

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

var app = builder.Build();
app.UseEpssSiteSecurity();
app.UseEpssErrorHandling();
app.UseEpssSecurity();
app.MapEpssHealth();
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
