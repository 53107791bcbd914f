using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Epss.ScaleOut.Tests.Support;

/// <summary>
/// A panel's usage side as src/web's hub-client does it: events go into an outbox and stay there until the server
/// acknowledges them (stored, or a duplicate of one stored before); the connection reconnects by itself and the outbox
/// is sent again. Nothing is dropped when a send fails.
/// </summary>
public sealed class QueueingPanel : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, object> _outbox = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _made = new();
    private readonly string _runId = Guid.NewGuid().ToString();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _sending;
    private int _steps;

    private QueueingPanel(HubConnection connection)
    {
        Connection = connection;
        _sending = Task.Run(SendLoopAsync);
    }

    public HubConnection Connection { get; }

    /// <summary>Ids of every event this panel made.</summary>
    public IReadOnlyCollection<string> Made => _made;

    public int Queued => _outbox.Count;

    public static async Task<QueueingPanel> ConnectAsync(Uri server, string clientId, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/guidance?client=" + clientId), HttpTransportType.WebSockets)
            // As the panel: at once, then after 1, 2, 5 s, and on.
            .WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)])
            .Build();
        await connection.StartAsync(cancellationToken);
        return new QueueingPanel(connection);
    }

    /// <summary>The official opens <paramref name="guideId"/>: an event into the outbox.</summary>
    public void Open(string guideId) => Add("guide-opened", guideId, stepId: null);

    /// <summary>The official moves on to the next step.</summary>
    public void ViewStep(string guideId, string stepId) => Add("step-viewed", guideId, stepId);

    public void Complete(string guideId) => Add("guide-completed", guideId, stepId: null);

    public int StepsViewed => _steps;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _sending.ContinueWith(_ => { }, TaskScheduler.Default);
        await Connection.DisposeAsync();
        _stopping.Dispose();
    }

    private void Add(string type, string guideId, string? stepId)
    {
        var id = Guid.NewGuid().ToString();
        if (type == "step-viewed")
        {
            Interlocked.Increment(ref _steps);
        }
        _outbox[id] = new { id, type, occurredAt = DateTimeOffset.UtcNow, runId = _runId, guideId, stepId, via = type == "guide-opened" ? "search" : null };
        _made.Enqueue(id);
    }

    private async Task SendLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var batch = _outbox.Take(25).ToList();
            if (batch.Count > 0 && Connection.State == HubConnectionState.Connected)
            {
                try
                {
                    var acks = await Connection.InvokeAsync<Ack[]>("RecordEvents", batch.Select(e => e.Value).ToArray(), _stopping.Token);
                    foreach (var ack in acks)
                    {
                        _outbox.TryRemove(ack.Id, out _);
                    }
                    continue;
                }
                catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
                {
                    // Not acknowledged: the events stay queued and go again once connected.
                }
            }
            try
            {
                await Task.Delay(50, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed record Ack(string Id, string Status);
}
