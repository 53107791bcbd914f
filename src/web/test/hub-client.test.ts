import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { UsageEventRequest } from "../src/shared/contract";
import { GuidanceClient, NotConnectedError, ServerError, type ConnectionStatus } from "../src/panel/hub-client";
import { Outbox } from "../src/panel/outbox";
import { memoryStore, PanelStorage } from "../src/panel/storage";
import { FakeConnection, defaultServer, hubError, type ServerBehaviour } from "./fakes";

/** Any id the panel made (a UUID). */
const anyId: unknown = expect.any(String);

function event(n: number, occurredAt = new Date().toISOString()): UsageEventRequest {
  return { id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, type: "step-viewed", occurredAt, guideId: "g", stepId: "s", guideVersion: "v1", runId: "r" };
}

function setUp(server: ServerBehaviour = defaultServer(), store = memoryStore()) {
  let connection!: FakeConnection;
  const storage = new PanelStorage(store);
  const outbox = new Outbox(storage);
  const warnings: string[] = [];
  const client = new GuidanceClient({
    url: "http://epss.test/hubs/guidance?client=x",
    outbox,
    createConnection: (_url, policy) => (connection = new FakeConnection(server, policy)),
    warn: (message) => warnings.push(message),
  });
  const statuses: ConnectionStatus[] = [];
  client.onStatusChange((status) => statuses.push(status));
  return { client, connection, outbox, store, statuses, warnings };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("hub client: connecting", () => {
  it("hands SignalR a reconnect policy that never gives up", () => {
    const { connection } = setUp();
    expect(connection.retryPolicy?.nextRetryDelayInMilliseconds({ previousRetryCount: 99, elapsedMilliseconds: 0, retryReason: new Error() })).toBe(15_000);
  });

  it("keeps calling start() with the policy's delays when the first start fails", async () => {
    const { client, connection, statuses } = setUp();
    connection.startOutcomes.push("fail", "fail", "fail", "fail");
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.startCount).toBe(2); // failed, then retried at once (delay 0), failed again
    expect(client.status).toBe("offline");
    await vi.advanceTimersByTimeAsync(999);
    expect(connection.startCount).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(connection.startCount).toBe(3);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(connection.startCount).toBe(4);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(connection.startCount).toBe(5);
    expect(client.status).toBe("connected");
    expect(statuses).toEqual(["offline", "connected"]);
  });

  it("starts again when the connection closes for good", async () => {
    const { client, connection } = setUp();
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.startCount).toBe(1);
    connection.startOutcomes.push("fail");
    connection.close();
    expect(client.status).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.startCount).toBe(3);
    expect(client.status).toBe("connected");
  });

  it("tries at once when asked to (the browser is online again) instead of waiting 15 seconds", async () => {
    const { client, connection } = setUp();
    connection.startOutcomes.push(...Array<"fail">(7).fill("fail"));
    client.start();
    await vi.advanceTimersByTimeAsync(18_000); // 0 + 1 + 2 + 5 + 10 s: six attempts so far
    const before = connection.startCount;
    client.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.startCount).toBe(before + 1);
  });

  it("reports reconnecting while SignalR restores a lost connection, and connected after", async () => {
    const { client, connection, statuses } = setUp();
    const connected: boolean[] = [];
    client.onConnected((first) => connected.push(first));
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    connection.drop();
    connection.reconnect();
    expect(statuses).toEqual(["connected", "reconnecting", "connected"]);
    expect(connected).toEqual([true, false]);
  });

  it("fails a call without a connection with NotConnectedError, and a server refusal with its reason", async () => {
    const server = defaultServer();
    server.Search = () => {
      throw hubError("Een zoekvraag is hoogstens 200 tekens.");
    };
    const { client } = setUp(server);
    await expect(client.search("paspoort")).rejects.toBeInstanceOf(NotConnectedError);
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    const failure = await client.search("paspoort").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServerError);
    expect((failure as ServerError).reason).toBe("Een zoekvraag is hoogstens 200 tekens.");
  });
});

describe("hub client: the outbox", () => {
  it("queues events while offline and sends them once when the connection is back", async () => {
    const { client, connection, outbox } = setUp();
    connection.startOutcomes.push("fail", "fail");
    client.start();
    client.record(event(1));
    client.record(event(2));
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.callsOf("RecordEvents")).toHaveLength(0);
    expect(outbox.size).toBe(2);

    await vi.advanceTimersByTimeAsync(1_000); // the third start succeeds
    expect(client.status).toBe("connected");
    expect(connection.callsOf("RecordEvents")).toEqual([[[event(1), event(2)].map((e) => ({ ...e, occurredAt: expect.any(String) as string }))]]);
    expect(outbox.size).toBe(0);

    connection.drop();
    connection.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.events().map((e) => e.id)).toEqual([event(1).id, event(2).id]); // sent once, not again
  });

  it("keeps events when the connection is lost while sending, and sends them after the reconnect", async () => {
    const server = defaultServer();
    let fail = true;
    const store = server.RecordEvents!;
    const { client, connection, outbox } = setUp({
      ...server,
      RecordEvents: (...args) => {
        if (fail) {
          connection.drop();
          throw new Error("Invocation canceled due to the underlying connection being closed.");
        }
        return store(...args);
      },
    });
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    client.record(event(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox.size).toBe(1);
    fail = false;
    connection.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox.size).toBe(0);
    expect(connection.callsOf("RecordEvents")).toHaveLength(2);
  });

  it("sends at most 100 events per call", async () => {
    const { client, connection, outbox } = setUp();
    for (let n = 0; n < 250; n++) client.queue(event(n));
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    const batches = connection.callsOf("RecordEvents").map((args) => (args[0] as unknown[]).length);
    expect(batches).toEqual([100, 100, 50]);
    expect(outbox.size).toBe(0);
  });

  it("removes only the events the server acknowledged", async () => {
    const server = defaultServer();
    server.RecordEvents = (events) => [{ id: (events as UsageEventRequest[])[0]!.id, status: "duplicate" }];
    const { client, outbox } = setUp(server);
    client.queue(event(1));
    client.queue(event(2));
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(outbox.events().map((e) => e.id)).toEqual([event(2).id]);
  });

  it("keeps every event when the server can store none of them, and tries again later", async () => {
    const server = defaultServer();
    let down = true;
    const record = server.RecordEvents!;
    const single = server.RecordEvent!;
    server.RecordEvents = (...args) => {
      if (down) throw hubError("Het gebruik kan nu niet worden opgeslagen. Het wordt later opnieuw verstuurd.");
      return record(...args);
    };
    server.RecordEvent = (...args) => {
      if (down) throw hubError("Het gebruik kan nu niet worden opgeslagen. Het wordt later opnieuw verstuurd.");
      return single(...args);
    };
    const { client, outbox } = setUp(server);
    for (let n = 0; n < 5; n++) client.queue(event(n));
    client.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(outbox.size).toBe(5);
    down = false;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(outbox.size).toBe(0);
  });

  it("drops an event the server refuses while it accepts the others in the batch", async () => {
    const server = defaultServer();
    const bad = event(2);
    server.RecordEvents = () => {
      throw hubError("Gebeurtenis 2: Onbekend soort gebeurtenis.");
    };
    server.RecordEvent = (e) => {
      if ((e as UsageEventRequest).id === bad.id) throw hubError("Onbekend soort gebeurtenis.");
      return { id: (e as UsageEventRequest).id, status: "stored" };
    };
    const { client, connection, outbox, warnings } = setUp(server);
    [event(1), bad, event(3)].forEach((e) => client.queue(e));
    client.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(outbox.size).toBe(0);
    expect(connection.callsOf("RecordEvent").map((args) => (args[0] as UsageEventRequest).id)).toEqual([event(1).id, bad.id, bad.id, event(3).id]);
    expect(warnings.some((w) => w.includes("dropped"))).toBe(true);
  });

  it("keeps every event when the server is too busy to store some, and sends them once it can", async () => {
    // The server's writer queue full for a while: a batch and single events answered "busy" now and then must not
    // make the panel take an event for a bad one and drop it.
    const server = defaultServer();
    let busy = true;
    server.RecordEvents = (...args) => {
      if (busy) throw hubError("Het is nu te druk om het gebruik op te slaan. Het wordt later opnieuw verstuurd.");
      return (args[0] as UsageEventRequest[]).map((e) => ({ id: e.id, status: "stored" }));
    };
    let singles = 0;
    server.RecordEvent = (e) => {
      if (busy && ++singles % 2 === 0) throw hubError("Het is nu te druk om het gebruik op te slaan. Het wordt later opnieuw verstuurd.");
      return { id: (e as UsageEventRequest).id, status: "stored" };
    };
    const { client, connection, outbox, warnings } = setUp(server);
    for (let n = 0; n < 5; n++) client.queue(event(n));
    client.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(outbox.size).toBe(5);
    expect(connection.callsOf("RecordEvent")).toHaveLength(0);
    busy = false;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(outbox.size).toBe(0);
    expect(warnings.some((w) => w.includes("dropped"))).toBe(false);
  });

  it("drops the events when the signed-in user's role may not record usage, instead of retrying forever", async () => {
    const server = defaultServer();
    server.RecordEvents = () => {
      throw hubError("Failed to invoke 'RecordEvents' because user is unauthorized");
    };
    const { client, connection, outbox, warnings } = setUp(server);
    for (let n = 0; n < 150; n++) client.queue(event(n));
    client.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(outbox.size).toBe(0);
    expect(connection.callsOf("RecordEvents")).toHaveLength(1);
    expect(connection.callsOf("RecordEvent")).toHaveLength(0);
    expect(warnings.some((w) => w.includes("150 are dropped"))).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(connection.callsOf("RecordEvents")).toHaveLength(1);
  });

  it("drops events older than the 30 days the server keeps, instead of sending them", async () => {
    const { client, connection, outbox } = setUp();
    client.queue(event(1, new Date(Date.now() - 31 * 24 * 3_600_000).toISOString()));
    client.queue(event(2));
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.events().map((e) => e.id)).toEqual([event(2).id]);
    expect(outbox.size).toBe(0);
  });

  it("survives a reload: a new client over the same storage sends what the old one queued", async () => {
    const store = memoryStore();
    const first = setUp(defaultServer(), store);
    first.connection.startOutcomes.push("fail");
    first.client.start();
    first.client.record(event(7));
    const second = setUp(defaultServer(), store);
    second.client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(second.connection.events().map((e) => e.id)).toEqual([event(7).id]);
  });

  it("queues a flag made offline and sends it when the connection is back", async () => {
    const { client, connection, outbox } = setUp();
    connection.startOutcomes.push("fail");
    client.start();
    await expect(client.flagStep({ guideId: "g", stepId: "s", text: "Klopt niet" })).resolves.toBe("queued");
    await expect(client.reportMissing({ query: "verhuizing buitenland", text: "" })).resolves.toBe("queued");
    expect(outbox.reports()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(connection.callsOf("FlagStep")).toEqual([[{ guideId: "g", stepId: "s", text: "Klopt niet", id: anyId }]]);
    expect(connection.callsOf("ReportMissing")).toEqual([[{ query: "verhuizing buitenland", text: "", id: anyId }]]);
    expect(outbox.size).toBe(0);
  });

  it("sends a flag at once when connected and throws the server's reason when it is refused", async () => {
    const server = defaultServer();
    server.FlagStep = () => {
      throw hubError("De werkinstructie 'g' heeft geen stap 's'.");
    };
    const { client, outbox } = setUp(server);
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    const failure = await client.flagStep({ guideId: "g", stepId: "s", text: "x" }).catch((error: unknown) => error);
    expect((failure as ServerError).reason).toBe("De werkinstructie 'g' heeft geen stap 's'.");
    expect(outbox.size).toBe(0);
  });
});

describe("hub client: guide pushes", () => {
  it("passes on GuideUpdated with a usable guide and ignores a malformed one", async () => {
    const { client, connection, warnings } = setUp();
    const received: string[] = [];
    client.onGuideUpdated((guide) => received.push(guide.id));
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    connection.push("GuideUpdated", { id: "x", title: "<b>x</b>" });
    expect(received).toEqual([]);
    expect(warnings).toHaveLength(1);
  });
});

describe("hub client: flushing", () => {
  it("sends an event recorded while the previous round was finishing", async () => {
    const { client, connection, outbox } = setUp();
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    client.record(event(1));
    await Promise.resolve();
    client.record(event(2));
    await vi.advanceTimersByTimeAsync(0);
    client.record(event(3));
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.events().map((e) => e.id)).toEqual([event(1).id, event(2).id, event(3).id]);
    expect(outbox.size).toBe(0);
  });

  it("flushes again after a flush that found no connection", async () => {
    const { client, connection, outbox } = setUp();
    client.queue(event(1));
    await client.flush(); // not connected: nothing happens
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.events()).toHaveLength(1);
    expect(outbox.size).toBe(0);
  });
});
