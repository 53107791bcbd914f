using Epss.DemoHost;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
// wwwroot is found through the build's static web assets manifest in every environment, so that the built dll
// (as the tests start it, in Production) serves the same files as `dotnet run`.
builder.WebHost.UseStaticWebAssets();
builder.Services.AddOptions<DemoHostOptions>().BindConfiguration(DemoHostOptions.Section);

var app = builder.Build();
var options = app.Services.GetRequiredService<IOptions<DemoHostOptions>>().Value;
var index = IndexPage.Load(app.Environment.WebRootFileProvider, options);

// Routing first, so that /index.html is the rendered page and never the raw template from the static files.
app.UseRouting();
app.UseStaticFiles();
app.MapGet("/index.html", () => IndexHtml(index));
// Every path that is not a file (/klanten, /reisdocument/aanvragen, …) is the single page; a missing file is a 404.
app.MapFallback(() => IndexHtml(index));

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    app.Logger.LogInformation(
        "Burgerzaken-demo draait op {Addresses}; Epss-overlay {Overlay}.",
        string.Join(", ", addresses),
        options.Overlay ? $"aan ({options.OverlayScript})" : "uit (--DemoHost:Overlay=true zet hem aan)");
});

app.Run();

static IResult IndexHtml(IndexPage page) => TypedResults.Content(page.Html, "text/html; charset=utf-8");
