// "Verbinding testen" on the options page: asks the server for its guides list (GET /api/guides needs the right to
// read guides, as the panel's hub does) with the token as bearer, and says in Dutch what the answer means.

export interface TokenCheck {
  ok: boolean;
  message: string;
}

export type Fetch = (url: string, init: RequestInit) => Promise<Pick<Response, "status">>;

export async function checkToken(server: string, token: string | null, fetchFn: Fetch): Promise<TokenCheck> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let status: number;
  try {
    // No cookies: the test is about the token alone, as the framed panel will use it.
    status = (await fetchFn(`${server}/api/guides`, { headers, credentials: "omit", cache: "no-store" })).status;
  } catch {
    return { ok: false, message: `De server op ${server} is niet bereikbaar. Controleer het adres en of de server draait.` };
  }
  if (status === 200) {
    return token === null
      ? { ok: true, message: "De server is bereikbaar en laat iedereen de werkinstructies lezen: een toegangssleutel is niet nodig." }
      : { ok: true, message: "Gelukt: de server accepteert de toegangssleutel." };
  }
  if (status === 401) {
    return token === null
      ? { ok: false, message: "De server laat alleen aangemelde gebruikers toe: vul een toegangssleutel in." }
      : { ok: false, message: "De server weigert deze toegangssleutel: hij is onbekend of ingetrokken, of de gebruiker is uitgeschakeld. Vraag je beheerder om een nieuwe." };
  }
  if (status === 403) {
    return { ok: false, message: "De server kent de toegangssleutel, maar deze gebruiker mag de werkinstructies niet lezen. Vraag je beheerder om de juiste rol." };
  }
  return { ok: false, message: `De server gaf een onverwacht antwoord (status ${status}). Controleer het serveradres.` };
}
