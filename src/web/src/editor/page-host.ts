// What the tabs of an open guide need from the page that holds them.
import type { ChangeResponse, GuideChangedEvent, HistoryEntryResponse } from "../shared/editor-contract";
import type { EditorContext } from "./context";
import type { EditPanel } from "./edit";

export type Tab = "bewerken" | "beoordeling" | "geschiedenis" | "meldingen";

export interface PageHost {
  readonly id: string;
  readonly ctx: EditorContext;
  readonly edit: EditPanel;
  change: ChangeResponse | null;
  publishedVersion: string | null;
  /** GET review again (404: no open change) and redraw what shows it. */
  reloadChange(): Promise<void>;
  /** GET editor again; the text is replaced only when the expert has nothing unsaved. */
  reloadGuide(): Promise<void>;
  history(force?: boolean): Promise<HistoryEntryResponse[]>;
  showTab(tab: Tab): void;
  /** Our own action: its GuideChanged echo is not news (used when the server does not tell us our name). */
  expectEcho(what: GuideChangedEvent["what"]): void;
  stepTitle(stepId: string): string | null;
}
