namespace Epss.Server;

/// <summary>The log messages of sign-in through the identity provider and of the second factor (event ids 4060–4079).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4060, EventName = "OidcSignInFailed", Level = LogLevel.Warning,
        Message = "A sign-in through OpenID Connect failed: {Reason}")]
    public static partial void OidcSignInFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4061, EventName = "OidcNoEndSession", Level = LogLevel.Warning,
        Message = "The identity provider publishes no end_session_endpoint: signing out ends the Epss sign-in only, not the provider's session")]
    public static partial void OidcNoEndSession(ILogger logger);
}
