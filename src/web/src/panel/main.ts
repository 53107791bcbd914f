// The side panel's entry point: storage, the hub client (hub URL with this browser's id) and the panel.
import { hubPath } from "../shared/contract";
import { Panel } from "./app";
import { contextFromQuery } from "./context";
import { GuidanceClient } from "./hub-client";
import { Outbox } from "./outbox";
import { browserStore, PanelStorage } from "./storage";

const root = document.getElementById("app");
if (root) {
  const storage = new PanelStorage(browserStore());
  const hubUrl = new URL(hubPath, import.meta.url);
  hubUrl.searchParams.set("client", storage.browserId());
  const client = new GuidanceClient({ url: hubUrl.toString(), outbox: new Outbox(storage) });
  const panel = new Panel({
    root,
    client,
    storage,
    context: contextFromQuery(window.location.search),
    openGuide: new URLSearchParams(window.location.search).get("guide"),
  });
  panel.start();
}
