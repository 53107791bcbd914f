// The editor's HTTP client: one method per endpoint of editor-contract.ts. Errors become typed classes so that views
// decide by type (conflict, invalid, forbidden, offline) and never by reading a message.
import type {
  ChangeResponse,
  CommentRequest,
  ConflictProblem,
  ContentProblemResponse,
  DiffLine,
  DraftRequest,
  DraftResponse,
  EditorGuideResponse,
  EditorGuideSummary,
  FlagAnswerRequest,
  FlagDetailResponse,
  HistoryEntryResponse,
  PreviewResponse,
  RestoreRequest,
  ReviewCommentResponse,
  SavedResponse,
  SaveSourceRequest,
  SendBackRequest,
  SubmitRequest,
  VersionResponse,
} from "../shared/editor-contract";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** A problem+json body; extensions vary per status. */
export interface Problem {
  title?: string;
  detail?: string;
  status?: number;
  [extension: string]: unknown;
}

/** The server answered with an error status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `De server antwoordde met status ${status}.`);
    this.name = "ApiError";
  }

  get conflict(): ConflictProblem | null {
    return this.status === 409 && this.problem && typeof this.problem.theirs === "object" ? (this.problem as unknown as ConflictProblem) : null;
  }

  get diagnostics(): ContentProblemResponse[] | null {
    return this.status === 422 && Array.isArray(this.problem?.diagnostics) ? (this.problem.diagnostics as ContentProblemResponse[]) : null;
  }
}

/** The request never got an answer (network down, server gone). Nothing was changed on the server that we know of. */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super("Er is geen verbinding met de server.", { cause });
    this.name = "NetworkError";
  }
}

export interface EditorApiOptions {
  fetch?: FetchLike;
  /** Called on 401: the cookie expired; the page sends the expert to sign in. */
  onUnauthorized(): void;
}

const guidePath = (id: string): string => `/api/guides/${encodeURIComponent(id)}`;

export class EditorApi {
  private readonly fetch: FetchLike;

  constructor(private readonly options: EditorApiOptions) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  guides(): Promise<EditorGuideSummary[]> {
    return this.request("GET", "/api/editor/guides");
  }

  /** The signed-in expert's name, when the server offers GET /api/me (not in the contract); null when it does not. */
  async me(): Promise<string | null> {
    try {
      const answer = await this.request<{ name?: unknown; userName?: unknown }>("GET", "/api/me");
      const name = answer.name ?? answer.userName;
      return typeof name === "string" && name !== "" ? name : null;
    } catch (error) {
      if (error instanceof ApiError && error.status !== 401) return null;
      if (error instanceof NetworkError) return null;
      throw error;
    }
  }

  editor(id: string): Promise<EditorGuideResponse> {
    return this.request("GET", `${guidePath(id)}/editor`);
  }

  preview(id: string, text: string): Promise<PreviewResponse> {
    return this.request("POST", `${guidePath(id)}/preview`, { text });
  }

  saveSource(id: string, request: SaveSourceRequest): Promise<SavedResponse> {
    return this.request("PUT", `${guidePath(id)}/source`, request);
  }

  draft(id: string): Promise<DraftResponse> {
    return this.request("GET", `${guidePath(id)}/draft`);
  }

  /** keepalive lets the request outlive the page (pagehide): the draft still arrives when the tab closes. */
  putDraft(id: string, request: DraftRequest, keepalive = false): Promise<void> {
    return this.request("PUT", `${guidePath(id)}/draft`, request, keepalive);
  }

  deleteDraft(id: string): Promise<void> {
    return this.request("DELETE", `${guidePath(id)}/draft`);
  }

  review(id: string): Promise<ChangeResponse> {
    return this.request("GET", `${guidePath(id)}/review`);
  }

  submit(id: string, request: SubmitRequest): Promise<ChangeResponse> {
    return this.request("POST", `${guidePath(id)}/review/submit`, request);
  }

  comment(id: string, request: CommentRequest): Promise<ReviewCommentResponse> {
    return this.request("POST", `${guidePath(id)}/review/comments`, request);
  }

  sendBack(id: string, request: SendBackRequest): Promise<ChangeResponse> {
    return this.request("POST", `${guidePath(id)}/review/send-back`, request);
  }

  publish(id: string, version: string): Promise<SavedResponse> {
    return this.request("POST", `${guidePath(id)}/review/publish`, { version });
  }

  withdraw(id: string, note?: string): Promise<void> {
    return this.request("POST", `${guidePath(id)}/review/withdraw`, note ? { note } : {});
  }

  history(id: string): Promise<HistoryEntryResponse[]> {
    return this.request("GET", `${guidePath(id)}/history`);
  }

  version(id: string, version: string): Promise<VersionResponse> {
    return this.request("GET", `${guidePath(id)}/history/${encodeURIComponent(version)}`);
  }

  diff(id: string, from: string, to: string): Promise<DiffLine[]> {
    const query = new URLSearchParams({ from, to });
    return this.request("GET", `${guidePath(id)}/diff?${query.toString()}`);
  }

  restore(id: string, request: RestoreRequest): Promise<SavedResponse> {
    return this.request("POST", `${guidePath(id)}/restore`, request);
  }

  flags(guideId: string): Promise<FlagDetailResponse[]> {
    return this.request("GET", `/api/flags?${new URLSearchParams({ guideId }).toString()}`);
  }

  answerFlag(flagId: string, request: FlagAnswerRequest): Promise<FlagDetailResponse> {
    return this.request("POST", `/api/flags/${encodeURIComponent(flagId)}/answer`, request);
  }

  closeFlag(flagId: string): Promise<FlagDetailResponse> {
    return this.request("POST", `/api/flags/${encodeURIComponent(flagId)}/close`);
  }

  private async request<T>(method: string, path: string, body?: unknown, keepalive = false): Promise<T> {
    const init: RequestInit = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { Accept: "application/json", "Content-Type": "application/json" };
    }
    if (keepalive) init.keepalive = true;
    let response: Response;
    try {
      response = await this.fetch(path, init);
    } catch (error) {
      throw new NetworkError(error);
    }
    if (response.status === 401) {
      this.options.onUnauthorized();
      throw new ApiError(401, { title: "Niet aangemeld", detail: "U bent niet (meer) aangemeld." });
    }
    if (!response.ok) throw new ApiError(response.status, await readProblem(response));
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }
}

async function readProblem(response: Response): Promise<Problem | null> {
  try {
    const parsed: unknown = JSON.parse(await response.text());
    return parsed !== null && typeof parsed === "object" ? (parsed as Problem) : null;
  } catch {
    return null;
  }
}

/** A Dutch sentence for any error of a call, for the page's message area. */
export function describeError(error: unknown, doing: string): string {
  if (error instanceof NetworkError) return `${doing} is niet gelukt: er is geen verbinding met de server. Er is niets verloren; probeer het zo opnieuw.`;
  if (error instanceof ApiError) {
    if (error.status === 403) return error.problem?.detail ?? forbiddenMessage;
    if (error.status === 401) return "U bent niet meer aangemeld. U wordt naar de aanmeldpagina gebracht.";
    return `${doing} is niet gelukt: ${error.message}`;
  }
  return `${doing} is niet gelukt.`;
}

export const forbiddenMessage = "U hebt geen toegang tot de editor: alleen inhoudsdeskundigen mogen gidsen bewerken.";
