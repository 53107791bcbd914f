using Epss.Testing.Xapi;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Epss.Xapi.Tests.Support;

/// <summary>How the stand-in fails the next requests.</summary>
internal enum LrsFailure
{
    /// <summary>503 Service Unavailable, storing nothing.</summary>
    ServiceUnavailable,

    /// <summary>The connection is dropped before any answer, storing nothing.</summary>
    DropConnection,

    /// <summary>The statements are stored, then the connection is dropped: the client never hears they arrived.</summary>
    StoreThenDropConnection,

    /// <summary>429 Too Many Requests with Retry-After: 0.</summary>
    TooManyRequests,
}

/// <summary>
/// A minimal Learning Record Store on Kestrel at a free loopback port: <c>POST {Endpoint}statements</c> takes one
/// statement or an array, checks the version header and HTTP Basic credentials, validates each statement, stores it
/// by id and answers 200 with the ids. A batch holding an id it has already is answered 409 as a whole (as some LRSs
/// do), a single statement it has already 409 too. It can be told to fail the next requests, each in its own way.
/// </summary>
internal sealed class LrsStandIn : IAsyncDisposable
{
    public const string Username = "epss-lrs";
    public const string Password = "geheim-wachtwoord";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Guid, string> _stored = new();
    private readonly ConcurrentQueue<Guid> _received = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentQueue<LrsFailure> _failures = new();
    private int _requests;

    private LrsStandIn(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The xAPI base to configure as Epss:Xapi:Endpoint.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Statements stored, by id (each at most once), as the JSON received.</summary>
    public IReadOnlyDictionary<Guid, string> Stored => _stored;

    /// <summary>Every statement id in every request that got past authentication, duplicates included.</summary>
    public IReadOnlyCollection<Guid> Received => _received;

    /// <summary>Requests with a wrong version header or credentials, and statements that did not validate.</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<LrsStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var lrs = new LrsStandIn(app);
        app.MapPost("/xapi/statements", lrs.PostAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        lrs.Endpoint = address.TrimEnd('/') + "/xapi/";
        return lrs;
    }

    /// <summary>Fails the next requests, one failure each, in this order.</summary>
    public void FailNext(params LrsFailure[] failures)
    {
        foreach (var failure in failures)
        {
            _failures.Enqueue(failure);
        }
    }

    /// <summary>Fails the next <paramref name="count"/> requests alike.</summary>
    public void FailNext(int count, LrsFailure failure) => FailNext(Enumerable.Repeat(failure, count).ToArray());

    /// <summary>The LRS is back: no more failures.</summary>
    public void StopFailing() => _failures.Clear();

    public int PendingFailures => _failures.Count;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task PostAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var request = context.Request;
        if (request.Headers["X-Experience-API-Version"] != "1.0.3")
        {
            _problems.Enqueue("version header: " + request.Headers["X-Experience-API-Version"]);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
        if (request.Headers.Authorization != expected)
        {
            _problems.Enqueue("credentials: " + request.Headers.Authorization);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        LrsFailure? failure = _failures.TryDequeue(out var next) ? next : null;
        switch (failure)
        {
            case LrsFailure.ServiceUnavailable:
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            case LrsFailure.TooManyRequests:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "0";
                return;
            case LrsFailure.DropConnection:
                context.Abort();
                return;
        }

        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
        var isBatch = body.RootElement.ValueKind == JsonValueKind.Array;
        var statements = isBatch ? [.. body.RootElement.EnumerateArray()] : new[] { body.RootElement };
        var ids = new List<Guid>();
        foreach (var statement in statements)
        {
            foreach (var problem in XapiValidator.Validate(statement))
            {
                _problems.Enqueue(problem.ToString());
            }
            var id = statement.GetProperty("id").GetGuid();
            ids.Add(id);
            _received.Enqueue(id);
        }
        if (ids.Any(_stored.ContainsKey))
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            await context.Response.WriteAsync("Statement id already stored", context.RequestAborted);
            return;
        }
        for (var i = 0; i < statements.Length; i++)
        {
            _stored.TryAdd(ids[i], statements[i].GetRawText());
        }
        if (failure == LrsFailure.StoreThenDropConnection)
        {
            context.Abort();
            return;
        }
        await context.Response.WriteAsJsonAsync(ids.Select(id => id.ToString()).ToArray(), context.RequestAborted);
    }
}
