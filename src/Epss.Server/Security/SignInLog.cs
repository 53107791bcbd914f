namespace Epss.Server;

/// <summary>The log messages of sign-in through the identity provider and of the second factor (event ids 4170–4179).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4170, EventName = "OidcSignInFailed", Level = LogLevel.Warning,
        Message = "A sign-in through OpenID Connect failed: {Reason}")]
    public static partial void OidcSignInFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4171, EventName = "OidcNoEndSession", Level = LogLevel.Warning,
        Message = "The identity provider publishes no end_session_endpoint: signing out ends the Epss sign-in only, not the provider's session")]
    public static partial void OidcNoEndSession(ILogger logger);

    [LoggerMessage(EventId = 4172, EventName = "TwoFactorRefused", Level = LogLevel.Warning,
        Message = "A second-factor code of {UserName} was refused ({Outcome})")]
    public static partial void TwoFactorRefused(ILogger logger, string userName, string outcome);

    [LoggerMessage(EventId = 4173, EventName = "TwoFactorSwitchedOn", Level = LogLevel.Information, Message = "{UserName} switched the second factor on")]
    public static partial void TwoFactorSwitchedOn(ILogger logger, string userName);

    [LoggerMessage(EventId = 4174, EventName = "TwoFactorSwitchedOff", Level = LogLevel.Information, Message = "The second factor of {UserName} was switched off by {By}")]
    public static partial void TwoFactorSwitchedOff(ILogger logger, string userName, string by);
}
