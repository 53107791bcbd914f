using System.Net;
using System.Text.RegularExpressions;
using Epss.Accounts;
using Epss.Server.Tests.Support;
using Epss.Testing;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Epss.Server.Tests;

/// <summary>
/// The second factor (TOTP) of local accounts against the real server over HTTP, with real codes computed from the key
/// the set-up page shows, as an authenticator app does.
/// </summary>
public sealed partial class TwoFactorTests
{
    private static readonly Dictionary<string, string?> SignInRequired = new() { ["Epss:AllowAnonymousReading"] = "false" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Set_up_then_every_sign_in_needs_a_fresh_code_and_each_code_and_recovery_code_works_once()
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, settings: SignInRequired);
        var user = await TestUsers.AddAsync(server, "redacteur", Ct, EpssRoles.Expert);

        // Signed in with the password alone (the second factor is optional), the expert sets it up.
        using var first = new Browser(server);
        Assert.Equal("/panel", await first.SignInAsync(user.Name, user.Password));
        var setUp = await first.GetStringAsync(TwoFactorPath);
        Assert.Matches(QrImage(), setUp);
        var key = Base32Encoding.ToBytes(Secret().Match(setUp).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal));
        using (var wrong = await first.PostAsync(TwoFactorPath, new() { ["code"] = OtherCode(key) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }
        using var on = await first.PostAsync(TwoFactorPath, new() { ["code"] = Code(key, 0) });
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        var recoveryCodes = RecoveryCode().Matches(await on.Content.ReadAsStringAsync(Ct)).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(AccountStore.RecoveryCodeCount, recoveryCodes.Distinct().Count());

        // The password alone no longer signs in: it leads to the code, and nothing is open meanwhile.
        using var second = new Browser(server);
        Assert.Equal("/signin/code", await second.SignInAsync(user.Name, user.Password));
        Assert.Equal(HttpStatusCode.Unauthorized, await second.StatusAsync("/api/guides"));
        Assert.Equal(HttpStatusCode.Redirect, await second.StatusAsync("/panel"));
        Assert.Equal("/panel", await second.SendCodeAsync(Code(key, 1)));
        Assert.Equal(HttpStatusCode.OK, await second.StatusAsync("/api/guides"));

        // The same code again (seen over a shoulder, or the set-up's code) is refused.
        using var replay = new Browser(server);
        Assert.Equal("/signin/code", await replay.SignInAsync(user.Name, user.Password));
        var replayed = await replay.SendCodeExpectingRefusalAsync(Code(key, 1));
        Assert.Contains("Deze code is al gebruikt", replayed, StringComparison.Ordinal);
        Assert.Contains("Deze code is al gebruikt", await replay.SendCodeExpectingRefusalAsync(Code(key, 0)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await replay.StatusAsync("/api/guides"));

        // A recovery code works instead of a code, once.
        Assert.Equal("/panel", await replay.SendCodeAsync(recoveryCodes[3].ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.OK, await replay.StatusAsync("/api/guides"));
        using var again = new Browser(server);
        Assert.Equal("/signin/code", await again.SignInAsync(user.Name, user.Password));
        Assert.Contains("Deze code klopt niet", await again.SendCodeExpectingRefusalAsync(recoveryCodes[3]), StringComparison.Ordinal);
        Assert.Equal(AccountStore.RecoveryCodeCount - 1, await server.Services.GetRequiredService<AccountStore>().RecoveryCodesLeftAsync(user.Account.Id, Ct));
    }

    [Fact]
    public async Task Five_wrong_codes_block_even_the_right_code_for_a_while()
    {
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, settings: SignInRequired);
        var user = await TestUsers.AddAsync(server, "beheerder", Ct, EpssRoles.Admin);
        var key = await SwitchOnAsync(server, user);

        using var attacker = new Browser(server);
        Assert.Equal("/signin/code", await attacker.SignInAsync(user.Name, user.Password));
        for (var i = 0; i < AccountStore.TwoFactorMaximumFailures; i++)
        {
            Assert.Contains("Deze code klopt niet", await attacker.SendCodeExpectingRefusalAsync(OtherCode(key)), StringComparison.Ordinal);
        }

        // Guessing a million codes at five a time: the right one is now refused too, to whoever sends it.
        Assert.Contains("Te vaak een verkeerde code", await attacker.SendCodeExpectingRefusalAsync(Code(key, 1)), StringComparison.Ordinal);
        using var owner = new Browser(server);
        Assert.Equal("/signin/code", await owner.SignInAsync(user.Name, user.Password));
        Assert.Contains("Te vaak een verkeerde code", await owner.SendCodeExpectingRefusalAsync(Code(key, 1)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await owner.StatusAsync("/api/guides"));
        Assert.Contains(server.Log.Entries, e => e.Message.Contains($"second-factor code of {user.Name} was refused (Blocked)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Required_for_the_role_the_password_leads_to_set_up_before_anything_else()
    {
        var settings = new Dictionary<string, string?>(SignInRequired) { ["Epss:TwoFactor:RequiredFor:0"] = "expert", ["Epss:TwoFactor:RequiredFor:1"] = "admin" };
        await using var server = await RunningServer.StartAsync(new TempContentFolder().WithSampleContent(), Ct, settings: settings);
        var expert = await TestUsers.AddAsync(server, "redacteur", Ct, EpssRoles.Expert);
        var official = await TestUsers.AddAsync(server, "baliemedewerker", Ct, EpssRoles.Official);

        using var officialBrowser = new Browser(server);
        Assert.Equal("/panel", await officialBrowser.SignInAsync(official.Name, official.Password));

        using var browser = new Browser(server);
        Assert.Equal(TwoFactorPath, await browser.SignInAsync(expert.Name, expert.Password));
        Assert.Equal(HttpStatusCode.Redirect, await browser.StatusAsync("/panel"));
        var setUp = await browser.GetStringAsync(TwoFactorPath);
        var key = Base32Encoding.ToBytes(Secret().Match(setUp).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal));
        using var on = await browser.PostAsync(TwoFactorPath, new() { ["code"] = Code(key, 0) });
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await browser.StatusAsync("/api/content/problems"));

        // Required: the expert cannot switch it off, even with a right code.
        using var off = await browser.PostAsync(TwoFactorPath + "/uitzetten", new() { ["code"] = Code(key, 1) });
        Assert.Contains("verplicht", await off.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.True(await server.Services.GetRequiredService<AccountStore>().HasTwoFactorAsync(expert.Account.Id, Ct));
    }

    private const string TwoFactorPath = "/signin/tweestaps";

    /// <summary>The code of the 30-second step <paramref name="stepsAhead"/> steps from now.</summary>
    private static string Code(byte[] key, int stepsAhead) => new Totp(key).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsAhead));

    /// <summary>A six-digit code that is none of the window's (previous, current, next two).</summary>
    private static string OtherCode(byte[] key)
    {
        var taken = Enumerable.Range(-1, 4).Select(i => Code(key, i)).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 6)).First(c => !taken.Contains(c));
    }

    private static async Task<byte[]> SwitchOnAsync(RunningServer server, TestUser user)
    {
        var accounts = server.Services.GetRequiredService<AccountStore>();
        var enrolment = await accounts.StartTwoFactorAsync(user.Account.Id, Ct);
        var key = Base32Encoding.ToBytes(enrolment.Secret);
        Assert.NotNull(await accounts.ConfirmTwoFactorAsync(user.Account.Id, Code(key, 0), Ct));
        return key;
    }

    [GeneratedRegex("<img class=\"qr\" src=\"data:image/png;base64,[A-Za-z0-9+/=]{200,}\"")]
    private static partial Regex QrImage();

    [GeneratedRegex("id=\"sleutel\">([A-Z2-7 ]+)<")]
    private static partial Regex Secret();

    [GeneratedRegex("<li>([a-z2-7]{5}-[a-z2-7]{5})</li>")]
    private static partial Regex RecoveryCode();

    [GeneratedRegex("name=\"__epss_antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>A browser as far as the server can tell: its own cookies, redirects not followed, forms posted with their antiforgery token.</summary>
    private sealed class Browser(RunningServer server) : IDisposable
    {
        private readonly HttpClient _client = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = server.Client.BaseAddress,
        };

        /// <summary>Posts name and password on the sign-in page; returns where the server sends the browser.</summary>
        public async Task<string> SignInAsync(string name, string password)
        {
            using var response = await PostAsync("/signin?returnUrl=/panel", new() { ["name"] = name, ["password"] = password, ["returnUrl"] = "/panel" });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return response.Headers.Location!.OriginalString;
        }

        public async Task<string> SendCodeAsync(string code)
        {
            using var response = await PostAsync("/signin/code", new() { ["code"] = code });
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"The code was refused: {await response.Content.ReadAsStringAsync(Ct)}");
            return response.Headers.Location!.OriginalString;
        }

        public async Task<string> SendCodeExpectingRefusalAsync(string code)
        {
            using var response = await PostAsync("/signin/code", new() { ["code"] = code });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return await response.Content.ReadAsStringAsync(Ct);
        }

        public Task<string> GetStringAsync(string path) => _client.GetStringAsync(new Uri(path, UriKind.Relative), Ct);

        public async Task<HttpStatusCode> StatusAsync(string path)
        {
            using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            return response.StatusCode;
        }

        /// <summary>Posts a form, with an antiforgery token from the sign-in page (as the browser's own forms carry).</summary>
        public async Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> fields)
        {
            var page = await _client.GetStringAsync(new Uri("/signin", UriKind.Relative), Ct);
            fields["__epss_antiforgery"] = AntiforgeryField().Match(page).Groups[1].Value;
            using var form = new FormUrlEncodedContent(fields);
            return await _client.PostAsync(new Uri(path, UriKind.Relative), form, Ct);
        }

        public void Dispose() => _client.Dispose();
    }
}
