using Microsoft.Extensions.Logging;

namespace Epss.Xapi;

/// <summary>
/// Every log message of Epss.Xapi (event ids 6000–6999; 5000–5011 were its ids before Accounts and Xapi had ranges of their own). Retired ids are never reused. Written for the administrator
/// who runs the server: what happened, what it means for the data, what to do. Never a pseudonym, query or credential.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, EventName = "XapiPushDisabled", Level = LogLevel.Debug,
        Message = "xAPI push is off: Epss:Xapi:Endpoint is not set")]
    public static partial void PushDisabled(ILogger logger);

    [LoggerMessage(EventId = 6001, EventName = "XapiPushStarted", Level = LogLevel.Information,
        Message = "xAPI push to {StatementsUri} started: sending usage events received after {CursorReceivedAt} (event {CursorEventId}), {BatchSize} statements per request, checking for new events every {Interval}")]
    public static partial void PushStarted(ILogger logger, Uri statementsUri, string cursorReceivedAt, string cursorEventId, int batchSize, TimeSpan interval);

    [LoggerMessage(EventId = 6002, EventName = "XapiBatchDelivered", Level = LogLevel.Debug,
        Message = "xAPI batch delivered: {Stored} statements stored by the LRS, {AlreadyPresent} it had already; the cursor is now at {CursorReceivedAt} (event {CursorEventId})")]
    public static partial void BatchDelivered(ILogger logger, int stored, int alreadyPresent, DateTimeOffset cursorReceivedAt, string cursorEventId);

    [LoggerMessage(EventId = 6003, EventName = "XapiDeliveryFailed", Level = LogLevel.Warning,
        Message = "xAPI delivery attempt {Attempt} failed; nothing is lost, the same {Count} statements are sent again in {RetryDelay}. {Reason}")]
    public static partial void DeliveryFailed(ILogger logger, int attempt, int count, TimeSpan retryDelay, string reason);

    [LoggerMessage(EventId = 6004, EventName = "XapiDeliveryRefused", Level = LogLevel.Error,
        Message = "The LRS refuses xAPI statements (attempt {Attempt}); nothing is lost, but nothing is sent until this is fixed. Trying again in {RetryDelay}. {Reason}")]
    public static partial void DeliveryRefused(ILogger logger, int attempt, TimeSpan retryDelay, string reason);

    [LoggerMessage(EventId = 6005, EventName = "XapiLrsReachableAgain", Level = LogLevel.Information,
        Message = "The LRS accepts xAPI statements again after {Failures} failed attempts; the events recorded meanwhile are being sent")]
    public static partial void LrsReachableAgain(ILogger logger, int failures);

    [LoggerMessage(EventId = 6006, EventName = "XapiStatementRefused", Level = LogLevel.Error,
        Message = "The LRS refused the xAPI statement {StatementId} for usage event {EventId} (HTTP {StatusCode}) and it is skipped so that the others still get through: {Reason}")]
    public static partial void StatementRefused(ILogger logger, Guid statementId, string eventId, int statusCode, string reason);

    [LoggerMessage(EventId = 6007, EventName = "XapiPushError", Level = LogLevel.Error,
        Message = "xAPI push could not read usage events or write its cursor {CursorPath} (attempt {Attempt}); trying again in {RetryDelay}")]
    public static partial void PushError(ILogger logger, string cursorPath, int attempt, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(EventId = 6008, EventName = "XapiCursorDamaged", Level = LogLevel.Warning,
        Message = "The xAPI cursor file {CursorPath} cannot be read; sending all stored usage events again from the start (the LRS keeps each statement once, by its id)")]
    public static partial void CursorDamaged(ILogger logger, string cursorPath, Exception exception);

    [LoggerMessage(EventId = 6009, EventName = "XapiEndpointChanged", Level = LogLevel.Information,
        Message = "Epss:Xapi:Endpoint changed from {PreviousUri} to {StatementsUri}; sending all stored usage events to the new LRS from the start")]
    public static partial void EndpointChanged(ILogger logger, string previousUri, Uri statementsUri);

    [LoggerMessage(EventId = 6010, EventName = "XapiPushStopped", Level = LogLevel.Information,
        Message = "xAPI push stopped: {Delivered} usage events delivered since start; the cursor file {CursorPath} says where to go on")]
    public static partial void PushStopped(ILogger logger, long delivered, string cursorPath);

    [LoggerMessage(EventId = 6011, EventName = "XapiUnencryptedCredentials", Level = LogLevel.Warning,
        Message = "Epss:Xapi:Endpoint {StatementsUri} is plain http while credentials are set: they travel unencrypted. Use https")]
    public static partial void UnencryptedCredentials(ILogger logger, Uri statementsUri);
}
