using System.Globalization;
using Microsoft.Extensions.Options;

namespace Epss.Server.Security;

/// <summary>
/// The frame of the server's own small pages around signing in (sign-in, second factor, no access): Dutch, no script,
/// a strict policy (images only as <c>data:</c>, such as the QR code), never cached.
/// </summary>
internal static class SignInPage
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'{0}; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The page with <paramref name="title"/> and <paramref name="main"/> (HTML the caller encoded), with the security headers set.</summary>
    public static IResult Render(HttpContext context, string title, string main, int status)
    {
        var body = $$"""
            <!doctype html>
            <html lang="nl">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}} – Epss</title>
            <link rel="icon" href="data:,">
            <style>
              body { font: 16px/1.5 system-ui, sans-serif; max-width: 24rem; margin: 3rem auto; padding: 0 1rem; color: #1b1b1b; }
              label { display: block; margin-top: 1rem; font-weight: 600; }
              input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; border: 1px solid #555; border-radius: 4px; }
              button, .knop { margin-top: 1.25rem; padding: .5rem 1.25rem; font: inherit; background: #154273; color: #fff; border: 0; border-radius: 4px; text-decoration: none; display: inline-block; }
              .fout { color: #a00; font-weight: 600; }
              .geheim { font-family: ui-monospace, monospace; font-size: 1.1rem; letter-spacing: .05em; word-break: break-all; }
              .qr { display: block; width: 12rem; height: 12rem; image-rendering: pixelated; margin: 1rem 0; }
              :focus-visible { outline: 3px solid #ffb612; outline-offset: 2px; }
            </style>
            </head>
            <body>
            <main>
            {{main}}
            </main>
            </body>
            </html>
            """;
        var headers = context.Response.Headers;
        // Sign-out of a provider sign-in is a form post that the server redirects to the provider's end-session
        // endpoint, and browsers apply form-action to that redirect too: the provider's origin must be allowed.
        var oidc = context.RequestServices.GetRequiredService<IOptions<AccessOptions>>().Value.Oidc;
        var provider = oidc.IsEnabled && Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) ? " " + authority.GetLeftPart(UriPartial.Authority) : "";
        headers.ContentSecurityPolicy = string.Format(CultureInfo.InvariantCulture, ContentSecurityPolicy, provider);
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Content(body, "text/html; charset=utf-8", statusCode: status);
    }
}
