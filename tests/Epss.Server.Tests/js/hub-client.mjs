// Drives the guidance hub with the real @microsoft/signalr JavaScript client (the one the panel bundles), from Node.
// Usage: node hub-client.mjs <server base url>. Prints READY once a guide is open, then waits for the test to change
// that guide's file and prints UPDATED <version> when the push arrives. Exits non-zero on any failed expectation.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../../src/web/package.json", import.meta.url));
const signalR = require("@microsoft/signalr");

const base = process.argv[2];
assert.ok(base, "the server's base url is the first argument");

const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${base}/hubs/guidance?client=${randomUUID()}`)
  .configureLogging({ log: (level, message) => { if (level >= signalR.LogLevel.Warning || process.env.EPSS_HUB_TRACE) console.error(message); } })
  .build();
await connection.start();

const found = await connection.invoke("Search", "vingerafdruken");
assert.equal(found.hits[0].id, "vingerafdrukken-afnemen");
assert.match(found.hits[0].snippet, /<mark>/);

const context = await connection.invoke("SetContext", {
  url: "https://bz.example/reisdocument/uitreiken",
  title: "Reisdocument uitreiken – Burgerzaken",
  app: "burgerzaken",
});
// The hand-out pages' first task (context.first), then the guide made for the page.
assert.equal(context.suggestions[0].id, "identiteit-vaststellen-uitreiking");
assert.equal(context.suggestions[0].reason, "eerste taak op deze pagina");
assert.equal(context.suggestions[1].id, "reisdocument-uitreiken");
assert.equal(context.suggestions[1].reason, "past bij deze pagina");

await assert.rejects(connection.invoke("OpenGuide", "bestaat-niet"), (error) => {
  assert.match(error.message, /Er is geen werkinstructie met id 'bestaat-niet'/);
  return true;
});

const guide = await connection.invoke("OpenGuide", "pasfoto-beoordelen");
assert.ok(guide.steps.length >= 4);
assert.equal(guide.steps[0].html.includes("<script"), false);

const event = {
  id: randomUUID(),
  type: "guide-opened",
  occurredAt: new Date().toISOString(),
  runId: randomUUID(),
  guideId: guide.id,
  guideVersion: guide.version,
  via: "search",
};
assert.deepEqual(await connection.invoke("RecordEvent", event), { id: event.id, status: "stored" });
assert.deepEqual(await connection.invoke("RecordEvents", [event]), [{ id: event.id, status: "duplicate" }]);

const flag = await connection.invoke("FlagStep", { guideId: guide.id, stepId: guide.steps[0].id, text: "Klopt dit nog?" });
assert.equal(flag.status, "open");

const updated = new Promise((resolve) => connection.on("GuideUpdated", resolve));
console.log("READY");
const next = await Promise.race([
  updated,
  new Promise((_, reject) => setTimeout(() => reject(new Error("no GuideUpdated within 15 s")), 15000)),
]);
assert.equal(next.id, guide.id);
assert.notEqual(next.version, guide.version);
console.log(`UPDATED ${next.version}`);
await connection.stop();
