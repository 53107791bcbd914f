using Epss.Server.Apis;
using Epss.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddEpssServices();

var app = builder.Build();
app.UseEpssErrorHandling();
app.MapEpssHealth();
app.MapGuideApi();
app.MapSearchApi();
app.MapContentApi();
app.MapGuidanceHub();
app.MapPanel();
app.MapOverlay();
app.MapOpenApi();
app.Run();

/// <summary>The entry point, visible to the tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
