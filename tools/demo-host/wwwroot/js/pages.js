// The views of the Burgerzaken demo. Each returns { element, cleanup? }; the ids in them are what the sample guides
// target (content/*.md, target="…"), each exactly once on its page.
import { klanten, klant, datum, bsn } from './data.js';

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

function view(html) {
  const section = document.createElement('section');
  section.className = 'pagina';
  section.innerHTML = html;
  return section;
}

function melding(text) {
  const box = document.getElementById('melding');
  box.textContent = text;
  box.classList.add('zichtbaar');
  clearTimeout(melding.timer);
  melding.timer = setTimeout(() => box.classList.remove('zichtbaar'), 3500);
}

/**
 * Keeps a choice in the page's address (?naam=waarde) and its title, as a real application does when a form changes
 * mode: the layer notices the change and the panel suggests the guides made for that choice.
 */
function keepInAddress(control, name, valueOf) {
  const apply = () => {
    const url = new URL(location.href);
    const value = valueOf();
    if (value) url.searchParams.set(name, value); else url.searchParams.delete(name);
    if (url.href !== location.href) history.replaceState(null, '', url.pathname + url.search + url.hash);
    const page = pages[location.pathname];
    if (page) document.title = `${titleOf(page, url.searchParams)} – Burgerzaken`;
  };
  control.addEventListener('change', apply);
}

/** A page's title; some pages name the mode their form is in. */
export function titleOf(page, params) {
  return typeof page.title === 'function' ? page.title(params) : page.title;
}

const reisdocumentTitels = {
  'tweede-paspoort': 'Tweede paspoort aanvragen',
  vluchteling: 'Reisdocument voor vluchtelingen aanvragen',
  vreemdeling: 'Reisdocument voor vreemdelingen aanvragen',
};

function rijbewijsTitel(params) {
  if (params.get('soort') === 'geschiktheid') return 'Rijbewijs vernieuwen met Verklaring van Geschiktheid';
  if (params.get('soort') === 'omwisselen') return 'Rijbewijs omwisselen';
  if (params.get('spoed') === 'ja') return 'Spoedaanvraag rijbewijs';
  return 'Rijbewijs aanvragen';
}

function onSubmit(element, text) {
  for (const form of element.querySelectorAll('form[data-opslaan]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      melding(text);
    });
  }
}

/** The client the work is for: from ?klant=…, else the first client in the list. */
function klantbalk(params) {
  const k = klant(params.get('klant')) ?? klanten[0];
  return `
    <dl class="klantbalk" aria-label="Geselecteerde klant">
      <div><dt>Klant</dt><dd>${escape(k.naam)}</dd></div>
      <div><dt>Geboortedatum</dt><dd>${datum(k.geboren)}${k.minderjarig ? ' <span class="status let-op">minderjarig</span>' : ''}</dd></div>
      <div><dt>BSN</dt><dd>${bsn(k.bsn)}</dd></div>
      <div><dt>Adres</dt><dd>${escape(k.adres)}, Voorbeeldstad</dd></div>
    </dl>`;
}

function klantenPagina(_params, navigate) {
  const element = view(`
    <h1>Klanten</h1>
    <p class="inleiding">Zoek de klant in de basisregistratie personen (BRP) en kies wat je voor hem of haar doet. Niet gevonden? <a href="/klanten/niet-ingezetene" data-link>Zoek in de RNI</a>.</p>
    <div class="zoekbalk">
      <label for="klant-zoeken">Zoek klant</label>
      <input type="search" id="klant-zoeken" placeholder="Naam, BSN of geboortedatum" autocomplete="off">
      <span class="aantal" aria-live="polite"></span>
    </div>
    <table id="klanten-tabel">
      <caption class="aantal" style="text-align:left;padding:6px 0">Ingeschreven in Voorbeeldstad (BRP)</caption>
      <thead><tr><th scope="col">Naam</th><th scope="col">Geboortedatum</th><th scope="col">BSN</th><th scope="col">Adres</th><th scope="col">Identiteitsbewijs</th></tr></thead>
      <tbody>
        ${klanten.map((k) => `
          <tr data-klant="${k.id}">
            <td><a href="/reisdocument/aanvragen?klant=${k.id}" data-link>${escape(k.naam)}</a></td>
            <td>${datum(k.geboren)}</td>
            <td>${bsn(k.bsn)}</td>
            <td>${escape(k.adres)}</td>
            <td>${escape(k.document)}</td>
          </tr>`).join('')}
      </tbody>
    </table>`);
  const search = element.querySelector('#klant-zoeken');
  const count = element.querySelector('.zoekbalk .aantal');
  const rows = [...element.querySelectorAll('tbody tr')];
  const filter = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const text = row.textContent.toLowerCase().replace(/\./g, '');
      const match = words.every((w) => text.includes(w.replace(/\./g, '')));
      row.hidden = !match;
      shown += match ? 1 : 0;
    }
    count.textContent = `${shown} van ${rows.length} klanten`;
  };
  search.addEventListener('input', filter);
  filter();
  element.querySelector('tbody').addEventListener('click', (event) => {
    const row = event.target instanceof Element ? event.target.closest('tr[data-klant]') : null;
    if (row && !(event.target instanceof HTMLAnchorElement)) {
      navigate(`/reisdocument/aanvragen?klant=${row.dataset.klant}`);
    }
  });
  return { element };
}

function reisdocumentAanvragen(params) {
  const k = klant(params.get('klant')) ?? klanten[0];
  const element = view(`
    <h1>Reisdocument aanvragen</h1>
    ${klantbalk(params)}
    <form class="werkvak" data-opslaan aria-label="Aanvraag reisdocument">
      <fieldset>
        <legend>Aanvraag</legend>
        <div class="veld">
          <label for="documenttype">Soort document</label>
          <select id="documenttype" name="documenttype">
            <option value="paspoort">Paspoort</option>
            <option value="identiteitskaart">Identiteitskaart</option>
            <option value="tweede-paspoort">Tweede paspoort</option>
            <option value="vluchteling">Reisdocument voor vluchtelingen</option>
            <option value="vreemdeling">Reisdocument voor vreemdelingen</option>
          </select>
        </div>
        <div class="veld">
          <label for="aanvraag-reden">Reden</label>
          <select id="aanvraag-reden"><option>Eerste aanvraag</option><option>Verlopen</option><option>Vermist of gestolen</option><option>Vol of beschadigd</option></select>
        </div>
      </fieldset>
      <fieldset>
        <legend>Identiteit vaststellen</legend>
        <div class="veld">
          <label for="documentnummer">Documentnummer getoond identiteitsbewijs</label>
          <input type="text" id="documentnummer" name="documentnummer" autocomplete="off" spellcheck="false" placeholder="bijv. NX8K4P2L1">
          <p class="hulp">In het BRP: ${escape(k.document)}</p>
        </div>
        <div class="veld">
          <label for="gezichtscontrole">Gezichtsvergelijking</label>
          <select id="gezichtscontrole" name="gezichtscontrole">
            <option value="">— kies —</option>
            <option value="gelijkend">Persoon lijkt op de foto</option>
            <option value="twijfel">Twijfel</option>
            <option value="niet-gelijkend">Persoon lijkt niet op de foto</option>
          </select>
        </div>
        <div class="veld">
          <span class="label">Register paspoortsignaleringen</span>
          <div><button type="button" id="rps-controle-openen">RPS-controle bekijken</button></div>
          <p class="hulp">Controle uitgevoerd om 09:41 voor BSN ${bsn(k.bsn)}.</p>
        </div>
        <div class="veld">
          <label for="toestemming-gezag">Toestemming gezaghouder(s)</label>
          <select id="toestemming-gezag" name="toestemming-gezag">
            <option value="nvt"${k.minderjarig ? '' : ' selected'}>Niet nodig (meerderjarig)</option>
            <option value="beide"${k.minderjarig ? ' selected' : ''}>Ja, alle gezaghouders</option>
            <option value="een">Ja, één gezaghouder (tweede toestemming volgt)</option>
            <option value="rechter">Vervangende toestemming rechter</option>
            <option value="nee">Nee, ontbreekt</option>
          </select>
        </div>
      </fieldset>
      <fieldset>
        <legend>Pasfoto en biometrie</legend>
        <div class="veld">
          <label for="pasfoto-upload">Pasfoto</label>
          <div>
            <input type="file" id="pasfoto-upload" name="pasfoto" accept="image/jpeg,image/png">
            <div class="pasfoto" style="margin-top:8px" aria-live="polite">Nog geen pasfoto</div>
          </div>
        </div>
        <div class="veld">
          <span class="label">Vingerafdrukken</span>
          <iframe id="vingerafdruk-apparaat" class="apparaat" src="/frames/vingerafdrukken.html" title="Vingerafdrukscanner"></iframe>
        </div>
        <div class="veld">
          <label for="lengte">Lengte (cm)</label>
          <input type="number" id="lengte" min="40" max="250" style="max-width:120px">
        </div>
        <div class="veld">
          <label for="handtekening">Handtekening</label>
          <div>
            <canvas id="handtekening" class="handtekening" width="420" height="110" aria-label="Handtekeningpad: laat de klant hier tekenen"></canvas>
            <div><button type="button" data-wissen>Wissen</button></div>
          </div>
        </div>
      </fieldset>
      <fieldset>
        <legend>Afronden</legend>
        <div class="veld">
          <span class="label">Spoed</span>
          <label class="keuze"><input type="checkbox" id="spoed" name="spoed"> Spoedaanvraag (klaar binnen één werkdag, meerprijs € 59,05)</label>
        </div>
        <div class="veld">
          <span class="label">Te betalen</span>
          <div style="padding-top:6px"><strong data-bedrag></strong></div>
        </div>
      </fieldset>
      <div class="werkvak-voet">
        <button type="reset">Annuleren</button>
        <button type="submit" id="aanvraag-opslaan" class="primair">Aanvraag opslaan</button>
      </div>
    </form>
    <section class="vlak" style="margin-top:16px" aria-labelledby="historie-titel">
      <h2 id="historie-titel">Eerdere reisdocumenten van ${escape(k.naam)}</h2>
      <table>
        <thead><tr><th scope="col">Document</th><th scope="col">Nummer</th><th scope="col">Uitgegeven</th><th scope="col">Geldig tot</th><th scope="col">Status</th></tr></thead>
        <tbody>
          <tr><td>Paspoort</td><td>NR1K9D2X4</td><td>12-05-2016</td><td>12-05-2026</td><td><span class="status let-op">verloopt binnenkort</span></td></tr>
          <tr><td>Identiteitskaart</td><td>IP7C3L1M8</td><td>03-09-2018</td><td>03-09-2028</td><td><span class="status goed">geldig</span></td></tr>
          <tr><td>Paspoort</td><td>NK4T8R2J6</td><td>20-04-2006</td><td>20-04-2011</td><td><span class="status">verlopen</span></td></tr>
          <tr><td>Identiteitskaart</td><td>IB2V6Q9N1</td><td>11-02-2009</td><td>11-02-2014</td><td><span class="status">ingeleverd</span></td></tr>
        </tbody>
      </table>
    </section>
    <dialog id="rps-dialoog" aria-labelledby="rps-dialoog-titel">
      <div class="dialoog-kop"><h2 id="rps-dialoog-titel">Register paspoortsignaleringen (RPS)</h2></div>
      <div class="dialoog-inhoud">
        <section id="rps-resultaat" class="rps" aria-label="RPS-resultaat">
          <span class="status goed">Geen signalering</span>
          <dl>
            <dt>Geraadpleegd</dt><dd>vandaag, 09:41</dd>
            <dt>Persoon</dt><dd>${escape(k.naam)}, ${datum(k.geboren)}</dd>
            <dt>BSN</dt><dd>${bsn(k.bsn)}</dd>
            <dt>Vermiste documenten</dt><dd>Geen</dd>
            <dt>Nationaliteit (BRP)</dt><dd>Nederlandse</dd>
          </dl>
        </section>
      </div>
      <form method="dialog" class="dialoog-voet"><button type="submit" id="rps-dialoog-sluiten" class="primair">Sluiten</button></form>
    </dialog>`);

  const dialog = element.querySelector('#rps-dialoog');
  element.querySelector('#rps-controle-openen').addEventListener('click', () => dialog.showModal());

  const type = element.querySelector('#documenttype');
  if ([...type.options].some((o) => o.value === params.get('soort'))) type.value = params.get('soort');
  keepInAddress(type, 'soort', () => (type.value === 'paspoort' ? '' : type.value));
  const spoed = element.querySelector('#spoed');
  const bedrag = element.querySelector('[data-bedrag]');
  const prijs = () => {
    const basis = type.value === 'identiteitskaart' ? (k.minderjarig ? 41.35 : 77.25) : (k.minderjarig ? 64.10 : 84.70);
    const totaal = basis + (spoed.checked ? 59.05 : 0);
    bedrag.textContent = `€ ${totaal.toFixed(2).replace('.', ',')}`;
  };
  type.addEventListener('change', prijs);
  spoed.addEventListener('change', prijs);
  prijs();

  const foto = element.querySelector('#pasfoto-upload');
  const voorbeeld = element.querySelector('.pasfoto');
  let fotoUrl = null;
  foto.addEventListener('change', () => {
    if (fotoUrl) URL.revokeObjectURL(fotoUrl);
    const file = foto.files?.[0];
    if (!file) { voorbeeld.textContent = 'Nog geen pasfoto'; return; }
    fotoUrl = URL.createObjectURL(file);
    const img = document.createElement('img');
    img.src = fotoUrl;
    img.alt = 'Pasfoto van de klant';
    voorbeeld.replaceChildren(img);
  });

  const canvas = element.querySelector('#handtekening');
  const pen = canvas.getContext('2d');
  let tekenen = false;
  const punt = (event) => {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
  };
  canvas.addEventListener('pointerdown', (event) => { tekenen = true; pen.beginPath(); pen.moveTo(...punt(event)); canvas.setPointerCapture(event.pointerId); });
  canvas.addEventListener('pointermove', (event) => { if (tekenen) { pen.lineWidth = 2; pen.lineTo(...punt(event)); pen.stroke(); } });
  canvas.addEventListener('pointerup', () => { tekenen = false; });
  element.querySelector('[data-wissen]').addEventListener('click', () => pen.clearRect(0, 0, canvas.width, canvas.height));

  onSubmit(element, `Aanvraag ${type.value} voor ${k.naam} opgeslagen.`);
  return { element, cleanup: () => { if (fotoUrl) URL.revokeObjectURL(fotoUrl); } };
}

function reisdocumentUitreiken(params) {
  const element = view(`
    <h1>Reisdocument uitreiken</h1>
    ${klantbalk(params)}
    <form class="vlak" data-opslaan aria-label="Uitreiking reisdocument">
      <h2>Document en houder</h2>
      <div class="veld">
        <label for="uitreiking-documentnummer">Documentnummer nieuw document</label>
        <input type="text" id="uitreiking-documentnummer" autocomplete="off" spellcheck="false" placeholder="Scan of typ het nummer">
        <p class="hulp">Aanvraag 2026-004812, binnengekomen van de producent op 3 maart.</p>
      </div>
      <div class="veld">
        <span class="label">RPS bij uitreiking</span>
        <div id="rps-resultaat" class="rps" aria-label="RPS-resultaat bij uitreiking">
          <span class="status goed">Geen opdracht tot inhouding</span>
        </div>
      </div>
      <div class="veld">
        <label for="uitreiking-gezichtscontrole">Houder vergeleken met foto</label>
        <select id="uitreiking-gezichtscontrole">
          <option value="">— kies —</option>
          <option value="gelijkend">Houder lijkt op de foto in het document en de aanvraag</option>
          <option value="twijfel">Twijfel</option>
          <option value="niet-gelijkend">Houder lijkt niet op de foto</option>
        </select>
      </div>
      <div class="veld">
        <span class="label">Vingerafdruk met chip</span>
        <div>
          <button type="button" id="uitreiking-vingerafdruk">Vingerafdruk verifiëren</button>
          <span class="status" data-vingerafdruk-uitslag>Nog niet geverifieerd</span>
        </div>
      </div>
      <div class="veld">
        <span class="label">Oude documenten</span>
        <label class="keuze"><input type="checkbox" id="oude-documenten-ingeleverd"> Oude documenten ingeleverd en ongeldig gemaakt</label>
      </div>
      <div class="voet">
        <button type="submit" id="uitreiking-registreren" class="primair">Uitreiking registreren</button>
      </div>
    </form>
    <section class="vlak" aria-labelledby="klaar-titel">
      <h2 id="klaar-titel">Klaar voor uitreiking vandaag</h2>
      <table>
        <thead><tr><th scope="col">Aanvraag</th><th scope="col">Klant</th><th scope="col">Document</th><th scope="col">Binnengekomen</th><th scope="col">Afspraak</th></tr></thead>
        <tbody>
          <tr><td>2026-004812</td><td>${escape(klanten[0].naam)}</td><td>Paspoort</td><td>03-03</td><td>10:15</td></tr>
          <tr><td>2026-004790</td><td>${escape(klanten[4].naam)}</td><td>Identiteitskaart</td><td>02-03</td><td>10:40</td></tr>
          <tr><td>2026-004771</td><td>${escape(klanten[12].naam)}</td><td>Paspoort (spoed)</td><td>04-03</td><td>11:05</td></tr>
          <tr><td>2026-004766</td><td>${escape(klanten[6].naam)}</td><td>Identiteitskaart</td><td>01-03</td><td>13:30</td></tr>
          <tr><td>2026-004752</td><td>${escape(klanten[17].naam)}</td><td>Paspoort</td><td>28-02</td><td>14:10</td></tr>
        </tbody>
      </table>
    </section>`);
  const uitslag = element.querySelector('[data-vingerafdruk-uitslag]');
  element.querySelector('#uitreiking-vingerafdruk').addEventListener('click', () => {
    uitslag.textContent = 'Bezig met verifiëren…';
    setTimeout(() => { uitslag.textContent = 'Overeenkomst met de chip'; uitslag.className = 'status goed'; }, 600);
  });
  onSubmit(element, 'Uitreiking geregistreerd.');
  return { element };
}

function rijbewijsAanvragen(params) {
  const element = view(`
    <h1>Rijbewijs aanvragen</h1>
    ${klantbalk(params)}
    <form class="vlak" data-opslaan aria-label="Aanvraag rijbewijs">
      <h2>Aanvraag rijbewijs</h2>
      <div class="veld">
        <label for="rijbewijs-soort">Soort aanvraag</label>
        <select id="rijbewijs-soort">
          <option value="eerste">Eerste rijbewijs of nieuwe categorie</option>
          <option value="vernieuwing">Vernieuwing</option>
          <option value="geschiktheid">Vernieuwing 75+, categorie C/D of medisch</option>
          <option value="omwisselen">Buitenlands rijbewijs omwisselen</option>
        </select>
      </div>
      <div class="veld">
        <label for="rijbewijs-identiteitsbewijs">Getoond identiteitsbewijs</label>
        <input type="text" id="rijbewijs-identiteitsbewijs" autocomplete="off" placeholder="Soort en nummer">
      </div>
      <div class="veld">
        <span class="label">Centraal Rijbewijzenregister (CBR)</span>
        <div id="rijbewijs-cbr-resultaat" class="vlak" style="margin:0;padding:10px 12px">
          <span class="status goed">Verklaring van rijvaardigheid geregistreerd</span>
          <p class="hulp" style="margin-top:6px">Categorie B, examen behaald op 14-02-2026. Verklaring van geschiktheid: niet nodig.</p>
        </div>
      </div>
      <div class="veld">
        <label for="rijbewijs-verblijfsduur">Woont in Nederland sinds</label>
        <input type="date" id="rijbewijs-verblijfsduur" value="2019-08-01" style="max-width:180px">
        <p class="hulp">Minstens 185 dagen per kalenderjaar in Nederland (normaalverblijf).</p>
      </div>
      <div class="veld">
        <label for="rijbewijs-pasfoto">Pasfoto</label>
        <input type="file" id="rijbewijs-pasfoto" accept="image/jpeg,image/png">
      </div>
      <div class="veld">
        <span class="label">Spoed</span>
        <label class="keuze"><input type="checkbox" id="rijbewijs-spoed"> Spoedprocedure (meestal de volgende werkdag klaar, meerprijs)</label>
      </div>
      <div class="voet">
        <button type="submit" id="rijbewijs-aanvraag-opslaan" class="primair">Aanvraag opslaan</button>
      </div>
    </form>`);
  const soort = element.querySelector('#rijbewijs-soort');
  if ([...soort.options].some((o) => o.value === params.get('soort'))) soort.value = params.get('soort');
  keepInAddress(soort, 'soort', () => soort.value);
  const spoed = element.querySelector('#rijbewijs-spoed');
  spoed.checked = params.get('spoed') === 'ja';
  keepInAddress(spoed, 'spoed', () => (spoed.checked ? 'ja' : ''));
  onSubmit(element, 'Aanvraag rijbewijs opgeslagen.');
  return { element };
}

function rijbewijsUitreiken(params) {
  const element = view(`
    <h1>Rijbewijs uitreiken</h1>
    ${klantbalk(params)}
    <form class="vlak" data-opslaan aria-label="Uitreiking rijbewijs">
      <h2>Uitreiking rijbewijs</h2>
      <div class="veld">
        <label for="rijbewijs-identiteitsbewijs">Getoond identiteitsbewijs</label>
        <input type="text" id="rijbewijs-identiteitsbewijs" autocomplete="off" placeholder="Soort en nummer">
      </div>
      <div class="veld">
        <span class="label">Oud rijbewijs</span>
        <label class="keuze"><input type="checkbox" id="rijbewijs-oud-ingeleverd"> Oud rijbewijs ingeleverd en ingenomen</label>
      </div>
      <div class="voet">
        <button type="submit" id="rijbewijs-uitreiking-registreren" class="primair">Uitreiking registreren</button>
      </div>
    </form>`);
  onSubmit(element, 'Uitreiking rijbewijs geregistreerd.');
  return { element };
}

function vermissing(params) {
  const element = view(`
    <h1>Vermissing melden</h1>
    ${klantbalk(params)}
    <form class="vlak" data-opslaan aria-label="Verklaring vermissing">
      <h2>Verklaring van vermissing</h2>
      <div class="veld">
        <label for="vermissing-documentnummer">Documentnummer vermist document</label>
        <input type="text" id="vermissing-documentnummer" autocomplete="off" spellcheck="false">
      </div>
      <div class="veld">
        <label for="vermissing-soort">Vermist of gestolen</label>
        <select id="vermissing-soort"><option>Vermist</option><option>Gestolen (aangifte bij de politie)</option></select>
      </div>
      <div class="veld">
        <label for="vermissing-omstandigheden">Omstandigheden</label>
        <textarea id="vermissing-omstandigheden" placeholder="Waar, wanneer en hoe raakte het document kwijt?"></textarea>
      </div>
      <div class="voet">
        <button type="submit" id="vermissing-verklaring-opslaan" class="primair">Verklaring opslaan</button>
      </div>
    </form>`);
  onSubmit(element, 'Verklaring van vermissing opgeslagen en gemeld aan het RPS.');
  return { element };
}

function nietIngezetene() {
  const element = view(`
    <h1>Niet-ingezetene zoeken (RNI)</h1>
    <p class="inleiding">Niet gevonden als ingezetene van Voorbeeldstad? Zoek de persoon in de Registratie Niet-Ingezetenen of in de BRP van een andere gemeente.</p>
    <form class="vlak" data-opslaan aria-label="Zoeken in de RNI">
      <div class="veld">
        <label for="rni-zoeken">Naam, BSN of geboortedatum</label>
        <input type="search" id="rni-zoeken" autocomplete="off">
      </div>
      <div class="voet"><button type="submit" class="primair">Zoeken</button></div>
    </form>
    <section class="vlak" aria-labelledby="rni-titel">
      <h2 id="rni-titel">Resultaat</h2>
      <table>
        <thead><tr><th scope="col">Naam</th><th scope="col">Geboortedatum</th><th scope="col">Inschrijving</th></tr></thead>
        <tbody>
          <tr><td>Erik Hendriks</td><td>${datum('1980-04-02')}</td><td><span class="status let-op">RNI, woont in Spanje</span></td></tr>
          <tr><td>Sophie Willems</td><td>${datum('1992-10-19')}</td><td><span class="status">BRP gemeente Utrecht</span></td></tr>
        </tbody>
      </table>
    </section>`);
  onSubmit(element, 'Gezocht in de RNI en de BRP.');
  return { element };
}

function aanHuis(params) {
  const element = view(`
    <h1>Aanvraag aan huis</h1>
    ${klantbalk(params)}
    <form class="vlak" data-opslaan aria-label="Aanvraag op locatie plannen">
      <h2>Reden en locatie</h2>
      <div class="veld">
        <label for="aan-huis-reden">Reden</label>
        <select id="aan-huis-reden"><option>Bedlegerig</option><option>Verpleeghuis of zorginstelling</option><option>Ziekenhuisopname</option><option>Handicap, kan niet reizen</option></select>
      </div>
      <div class="veld">
        <label for="aan-huis-adres">Adres van de afspraak</label>
        <input type="text" id="aan-huis-adres" autocomplete="off" placeholder="Straat, huisnummer, plaats">
      </div>
      <div class="veld">
        <label for="aan-huis-bewijs">Bewijs van de reden</label>
        <input type="text" id="aan-huis-bewijs" autocomplete="off" placeholder="Bijv. verklaring arts of zorginstelling">
      </div>
      <div class="voet"><button type="submit" class="primair">Afspraak vastleggen</button></div>
    </form>`);
  onSubmit(element, 'Afspraak aan huis vastgelegd.');
  return { element };
}

function inleveren(params) {
  const element = view(`
    <h1>Reisdocument inleveren</h1>
    ${klantbalk(params)}
    <form class="vlak" data-opslaan aria-label="Inlevering reisdocument">
      <h2>Ingeleverd document</h2>
      <div class="veld">
        <label for="inleveren-bsn">BSN van de houder</label>
        <input type="text" id="inleveren-bsn" autocomplete="off" spellcheck="false">
      </div>
      <div class="veld">
        <label for="inleveren-documentnummer">Documentnummer</label>
        <input type="text" id="inleveren-documentnummer" autocomplete="off" spellcheck="false">
      </div>
      <div class="veld">
        <label for="inleveren-reden">Reden</label>
        <select id="inleveren-reden"><option>Houder overleden</option><option>Teruggevonden na vermissing</option><option>Op verzoek van de houder</option></select>
      </div>
      <div class="veld">
        <span class="label">Afhandeling</span>
        <label class="keuze"><input type="checkbox" id="inleveren-geponst"> Geponst en teruggegeven (anders vernietigd)</label>
      </div>
      <div class="voet"><button type="submit" id="inleveren-opslaan" class="primair">Inlevering registreren</button></div>
    </form>`);
  onSubmit(element, 'Inlevering geregistreerd.');
  return { element };
}

function eindcontrole() {
  const k = klanten[4];
  const element = view(`
    <h1>Eindcontrole reisdocumenten</h1>
    <section id="eindcontrole-aanvraag" class="vlak" aria-labelledby="eindcontrole-titel">
      <h2 id="eindcontrole-titel">Aanvraag 2026-004833</h2>
      <dl class="klantbalk" aria-label="Aanvraag">
        <div><dt>Klant</dt><dd>${escape(k.naam)}</dd></div>
        <div><dt>Document</dt><dd>Paspoort</dd></div>
        <div><dt>Opgenomen door</dt><dd>M. Jansen, balie 2</dd></div>
        <div><dt>RPS</dt><dd><span class="status goed">Geen hit</span></dd></div>
        <div><dt>Vingerafdrukken</dt><dd>2 opgenomen</dd></div>
        <div><dt>Identiteit vastgesteld met</dt><dd>${escape(k.document)}</dd></div>
      </dl>
    </section>
    <form class="vlak" data-opslaan aria-label="Verstrekkingsbesluit">
      <div class="voet">
        <button type="button">Terug naar de balie</button>
        <button type="submit" id="verstrekkingsbesluit" class="primair">Verstrekkingsbesluit nemen</button>
      </div>
    </form>`);
  onSubmit(element, 'Verstrekkingsbesluit genomen; productieopdracht verstuurd.');
  return { element };
}

function inklaren() {
  const element = view(`
    <h1>Documenten inklaren</h1>
    <form class="vlak" data-opslaan aria-label="Zending inklaren">
      <h2>Zending van de producent</h2>
      <p class="hulp">Pakbon 2026-Z-0312: 14 documenten.</p>
      <div class="veld">
        <label for="inklaar-documentnummer">Documentnummer</label>
        <input type="text" id="inklaar-documentnummer" autocomplete="off" spellcheck="false" placeholder="Scan of typ het nummer">
      </div>
      <div class="voet"><button type="submit" id="inklaren-opslaan" class="primair">Inklaren</button></div>
    </form>`);
  onSubmit(element, 'Documenten ingeklaard.');
  return { element };
}

export const pages = {
  '/klanten': { title: 'Klanten', render: klantenPagina },
  '/reisdocument/aanvragen': { title: (params) => reisdocumentTitels[params.get('soort')] ?? 'Reisdocument aanvragen', render: reisdocumentAanvragen },
  '/reisdocument/uitreiken': { title: 'Reisdocument uitreiken', render: reisdocumentUitreiken },
  '/rijbewijs/aanvragen': { title: rijbewijsTitel, render: rijbewijsAanvragen },
  '/rijbewijs/uitreiken': { title: 'Rijbewijs uitreiken', render: rijbewijsUitreiken },
  '/vermissing': { title: 'Vermissing melden', render: vermissing },
  '/klanten/niet-ingezetene': { title: 'Niet-ingezetene zoeken (RNI)', render: nietIngezetene },
  '/reisdocument/aan-huis': { title: 'Aanvraag aan huis', render: aanHuis },
  '/reisdocument/inleveren': { title: 'Reisdocument inleveren', render: inleveren },
  '/backoffice/eindcontrole': { title: 'Eindcontrole reisdocumenten', render: eindcontrole },
  '/backoffice/inklaren': { title: 'Documenten inklaren', render: inklaren },
};

export const notFound = {
  title: 'Pagina niet gevonden',
  render: () => ({
    element: view(`
      <h1>Pagina niet gevonden</h1>
      <p class="inleiding">Deze pagina bestaat niet in Burgerzaken. <a href="/klanten" data-link>Naar de klanten</a>.</p>`),
  }),
};
