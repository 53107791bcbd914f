using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Epss.Server.Tests.Support;

/// <summary>The two wire protocols the hub speaks; every hub test runs with both.</summary>
public enum HubProtocol
{
    Json,
    MessagePack,
}

/// <summary>Real SignalR client connections to a running server, as a panel makes them.</summary>
public static class Panels
{
    public static Task<HubConnection> ConnectAsync(
        RunningServer server, HubProtocol protocol, CancellationToken cancellationToken, string? clientId = null, string? accessToken = null) =>
        ConnectToAsync(server, "/hubs/guidance" + (clientId is null ? "" : "?client=" + Uri.EscapeDataString(clientId)), protocol, cancellationToken, accessToken);

    /// <summary>An expert's editor connection (/hubs/editor) with their token.</summary>
    public static Task<HubConnection> ConnectEditorAsync(RunningServer server, string accessToken, CancellationToken cancellationToken) =>
        ConnectToAsync(server, "/hubs/editor", HubProtocol.Json, cancellationToken, accessToken);

    private static async Task<HubConnection> ConnectToAsync(
        RunningServer server, string path, HubProtocol protocol, CancellationToken cancellationToken, string? accessToken)
    {
        var url = new Uri(server.Client.BaseAddress!, path);
        var builder = new HubConnectionBuilder().WithUrl(url, HttpTransportType.WebSockets, options =>
        {
            if (accessToken is not null)
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
            }
        });
        if (protocol == HubProtocol.MessagePack)
        {
            builder.AddMessagePackProtocol();
        }
        var connection = builder.Build();
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    /// <summary>Completes with the first value a hub call to the client delivers, or fails after <paramref name="timeout"/>.</summary>
    public static async Task<T> NextAsync<T>(this HubConnection connection, string method, TimeSpan timeout, Action? trigger = null)
    {
        var received = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = connection.On<T>(method, value => received.TrySetResult(value));
        trigger?.Invoke();
        return await received.Task.WaitAsync(timeout);
    }
}
