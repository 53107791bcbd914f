namespace Epss.Server;

/// <summary>Every log message of Epss.Server (event ids 4000–4999; the scale-out wiring 4100–4199). Retired ids are never reused.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, EventName = "ContentFolder", Level = LogLevel.Information, Message = "Serving guides from {ContentPath}; data in {DataPath}")]
    public static partial void ContentFolder(ILogger logger, string contentPath, string dataPath);

    [LoggerMessage(EventId = 4001, EventName = "Ready", Level = LogLevel.Information, Message = "Ready: {GuideCount} guides served, {ErrorCount} content errors, in {ElapsedMs} ms")]
    public static partial void Ready(ILogger logger, int guideCount, int errorCount, long elapsedMs);

    [LoggerMessage(EventId = 4002, EventName = "StartupFailed", Level = LogLevel.Critical, Message = "Epss could not start: {Reason}")]
    public static partial void StartupFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 4003, EventName = "UnhandledRequestError", Level = LogLevel.Error, Message = "Request {Method} {Path} failed")]
    public static partial void UnhandledRequestError(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 4004, EventName = "HubRateLimited", Level = LogLevel.Warning, Message = "A panel called {Method} faster than allowed; the call was refused")]
    public static partial void HubRateLimited(ILogger logger, string method);

    [LoggerMessage(EventId = 4005, EventName = "HubCallFailed", Level = LogLevel.Error, Message = "Hub method {Method} failed")]
    public static partial void HubCallFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 4006, EventName = "GuideUpdatePushed", Level = LogLevel.Debug, Message = "Pushed the new version of {GuideId} to the panels that have it open")]
    public static partial void GuideUpdatePushed(ILogger logger, string guideId);

    [LoggerMessage(EventId = 4007, EventName = "GuideUpdatePushFailed", Level = LogLevel.Error, Message = "Pushing the new version of {GuideId} to panels failed")]
    public static partial void GuideUpdatePushFailed(ILogger logger, string guideId, Exception exception);

    [LoggerMessage(EventId = 4008, EventName = "PanelMissing", Level = LogLevel.Error, Message = "The side panel is not built ({Folder} has no index.html); /panel answers 503")]
    public static partial void PanelMissing(ILogger logger, string folder);

    [LoggerMessage(EventId = 4009, EventName = "AnonymousReadingAllowed", Level = LogLevel.Warning,
        Message = "Epss:AllowAnonymousReading is on: anyone who can reach this server on the network can read the guides, search, open the panel and record usage without signing in. Switch it off with --Epss:AllowAnonymousReading=false (or Epss__AllowAnonymousReading=false, or in appsettings.json) once officials sign in")]
    public static partial void AnonymousReadingAllowed(ILogger logger);

    [LoggerMessage(EventId = 4010, EventName = "OidcEnabled", Level = LogLevel.Information,
        Message = "Sign-in through OpenID Connect at {Authority} is on ({MappedValues} provider role values mapped to Epss roles)")]
    public static partial void OidcEnabled(ILogger logger, string authority, int mappedValues);

    // Warning: failed sign-ins are security events (BIO logging), with the name typed and the address; never the password.
    [LoggerMessage(EventId = 4011, EventName = "SignInFailed", Level = LogLevel.Warning,
        Message = "A sign-in with a password failed for user name {UserName} from {Address}")]
    public static partial void SignInFailed(ILogger logger, string userName, string? address);

    [LoggerMessage(EventId = 4160, EventName = "SignInThrottled", Level = LogLevel.Warning,
        Message = "A sign-in for user name {UserName} from {Address} was refused: too many tries ({Why})")]
    public static partial void SignInThrottled(ILogger logger, string userName, string? address, string why);

    [LoggerMessage(EventId = 4161, EventName = "SignInLockedOut", Level = LogLevel.Warning,
        Message = "User name {UserName} is locked until {LockedUntil} after failed sign-ins (last from {Address})")]
    public static partial void SignInLockedOut(ILogger logger, string userName, DateTimeOffset lockedUntil, string? address);

    [LoggerMessage(EventId = 4162, EventName = "HubConnectionEnded", Level = LogLevel.Information,
        Message = "A hub connection of user {UserId} was closed: {Reason}")]
    public static partial void HubConnectionEnded(ILogger logger, string userId, string reason);

    [LoggerMessage(EventId = 4012, EventName = "EditorNoticeFailed", Level = LogLevel.Warning, Message = "Telling the editors of {GuideId} what changed failed")]
    public static partial void EditorNoticeFailed(ILogger logger, string guideId, Exception exception);

    [LoggerMessage(EventId = 4013, EventName = "EditorMissing", Level = LogLevel.Error, Message = "The editor is not built ({Folder} has no index.html); /editor answers 503")]
    public static partial void EditorMissing(ILogger logger, string folder);

    [LoggerMessage(EventId = 4014, EventName = "DashboardMissing", Level = LogLevel.Error, Message = "The dashboard is not built ({Folder} has no index.html); /dashboard answers 503")]
    public static partial void DashboardMissing(ILogger logger, string folder);

    [LoggerMessage(EventId = 4102, EventName = "PresenceUnavailable", Level = LogLevel.Warning,
        Message = "Presence in Redis is unavailable; the editor shows this server's experts only")]
    public static partial void PresenceUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4060, EventName = "CrossSiteRequestRefused", Level = LogLevel.Warning,
        Message = "Refused {Method} {Path} from another site: Origin {Origin}, Sec-Fetch-Site {FetchSite}")]
    public static partial void CrossSiteRequestRefused(ILogger logger, string method, string path, string origin, string fetchSite);

    [LoggerMessage(EventId = 4061, EventName = "AnyHostAllowed", Level = LogLevel.Warning,
        Message = "AllowedHosts is '*': any Host header is accepted (DNS rebinding). Set AllowedHosts to the server's public name")]
    public static partial void AnyHostAllowed(ILogger logger);

    [LoggerMessage(EventId = 4062, EventName = "KeysUnprotected", Level = LogLevel.Warning,
        Message = "The data-protection keys that protect sign-ins are stored unencrypted; set Epss:DataProtection:CertificatePath to encrypt them at rest")]
    public static partial void KeysUnprotected(ILogger logger);
}
