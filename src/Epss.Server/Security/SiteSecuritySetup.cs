using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Epss.Server.Security;

/// <summary>
/// Transport and browser security around every request (README, "Security"): forwarded headers from the configured
/// proxies only, HSTS, <c>nosniff</c> on every answer, the cross-site check of <see cref="CrossSiteRequests"/>, the
/// data-protection keys encrypted with a certificate, and a warning at start for each setting left open.
/// </summary>
public static class SiteSecuritySetup
{
    /// <summary>The category of ASP.NET Core's "Request starting GET …?access_token=…" lines.</summary>
    public const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static WebApplicationBuilder AddEpssSiteSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // ASP.NET Core logs each request's URL at Information, query included, and a hub's WebSocket carries the
        // sign-in token there (access_token: a browser cannot set a header on it). Those lines are never written; the
        // proxy's log, without the query, is the access log. Added after the configuration's rules, so it wins over them.
        builder.Logging.AddFilter(HostingDiagnostics, level => level >= LogLevel.Warning);
        var site = builder.Configuration.GetSection(SiteOptions.SectionName).Get<SiteOptions>() ?? new SiteOptions();
        if (site.Problems() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException(SiteOptions.SectionName, typeof(SiteOptions), problems);
        }
        site.ServerAddress = SiteOptions.Origin(site.PublicOrigin) ?? ListeningOrigin(builder.Configuration["Urls"]);
        services.AddSingleton(Options.Create(site));
        services.AddSingleton<CrossSiteRequests>();

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // The client's address (for logs and limits per address) and whether it came in over TLS (Secure cookies,
            // HSTS, https redirect URLs). Not the Host: HAProxy passes the browser's own on.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (site.ForwardedHeaders.KnownProxies.Count + site.ForwardedHeaders.KnownNetworks.Count > 0)
            {
                // Only these: a client elsewhere that sends X-Forwarded-Proto is not believed.
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
                foreach (var proxy in site.ForwardedHeaders.KnownProxies)
                {
                    options.KnownProxies.Add(IPAddress.Parse(proxy));
                }
                foreach (var network in site.ForwardedHeaders.KnownNetworks)
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            }
        });
        // Behind TLS every cookie is Secure: the sign-in cookie already follows the request, the antiforgery cookie's
        // default is never.
        services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        // A year; not the subdomains, which are the municipality's and not ours to bind to https.
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));

        if (!string.IsNullOrWhiteSpace(site.DataProtection.CertificatePath))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(
                site.DataProtection.CertificatePath, site.DataProtection.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey)
            {
                throw new OptionsValidationException(SiteOptions.SectionName, typeof(SiteOptions),
                    [$"Epss:DataProtection:CertificatePath '{site.DataProtection.CertificatePath}' bevat geen private sleutel; Epss kan er de sleutels niet mee ontsleutelen."]);
            }
            services.AddDataProtection().ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        return builder;
    }

    /// <summary>Before everything else: the proxy's headers, then the headers every answer carries, then the cross-site check.</summary>
    public static WebApplication UseEpssSiteSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        app.Use((context, next) =>
        {
            // On every answer, problems and errors included (the exception handler clears headers set before it).
            context.Response.OnStarting(static state =>
            {
                ((HttpResponse)state).Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
        app.UseHsts();
        var crossSite = app.Services.GetRequiredService<CrossSiteRequests>();
        app.Use(async (context, next) =>
        {
            if (await crossSite.CheckAsync(context))
            {
                await next(context);
            }
        });
        app.Lifetime.ApplicationStarted.Register(() => WarnAboutOpenSettings(app));
        return app;
    }

    private static void WarnAboutOpenSettings(WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            return;
        }
        var site = app.Services.GetRequiredService<IOptions<SiteOptions>>().Value;
        if (app.Configuration["AllowedHosts"] is null or "" or "*")
        {
            Log.AnyHostAllowed(app.Logger);
        }
        if (string.IsNullOrWhiteSpace(site.DataProtection.CertificatePath))
        {
            Log.KeysUnprotected(app.Logger);
        }
    }

    /// <summary>The first of <c>Urls</c> when it names a host (<c>http://localhost:5080</c>), else <c>http://localhost</c>; never a request's Host.</summary>
    private static string ListeningOrigin(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is not null && !first.Contains("://+", StringComparison.Ordinal) && !first.Contains("://*", StringComparison.Ordinal)
            && SiteOptions.Origin(first) is { } origin && !origin.Contains("://0.0.0.0", StringComparison.Ordinal) && !origin.Contains("://[::]", StringComparison.Ordinal)
            ? origin
            : "http://localhost";
    }
}
