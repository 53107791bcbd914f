using Microsoft.AspNetCore.SignalR;

namespace Epss.Server.Hubs;

/// <summary>
/// Concerns of every hub call: a per-connection rate limit (one misbehaving panel cannot starve the others), and
/// unexpected failures logged with the method name, while the caller gets a generic message.
/// </summary>
internal sealed class HubRateLimitFilter(ILogger<HubRateLimitFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (PanelConnection.Find(invocationContext.Context) is { } connection && !connection.Calls.TryTake())
        {
            Log.HubRateLimited(logger, invocationContext.HubMethodName);
            throw new HubException("Te veel verzoeken achter elkaar; probeer het over een paar seconden opnieuw.");
        }
        try
        {
            return await next(invocationContext);
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            Log.HubCallFailed(logger, invocationContext.HubMethodName, e);
            throw new HubException("Er ging iets mis op de server; probeer het opnieuw.");
        }
    }
}
