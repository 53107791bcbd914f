// Builds the layer over the host application into dist/:
//   dist/extension/  the unpacked Manifest V3 extension (load it in Chromium with "Uitgepakte extensie laden")
//   dist/overlay/overlay.js  the embeddable overlay (the server copies it to its output and serves it at /overlay.js)
//   dist/epss-extension-<version>.zip  the extension as a package for the municipality to sign and publish (its own
//                                     update server or the Chrome Web Store / Edge Add-ons), without the development key
// The version is package.json's, written into the manifest: one number for the package, the manifest and the zip.
// Fails on any TypeScript error first (esbuild alone would strip types without checking them), and fails when the
// overlay and what it loads (the panel from src/web/dist/panel, SignalR included) grow past 40 KB gzip.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import AdmZip from "adm-zip";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

try {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."], { stdio: "inherit" });
} catch {
  process.exit(1); // tsc has printed the errors
}

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist/extension", { recursive: true });
mkdirSync("dist/overlay", { recursive: true });

const common = { bundle: true, target: ["es2022"], minify: true, legalComments: "none", logLevel: "warning" };

// Each entry is an IIFE: content scripts and classic scripts cannot be modules, and an IIFE leaks no globals.
await build({
  ...common,
  entryPoints: {
    "service-worker": "src/extension/service-worker.ts",
    "content-script": "src/extension/content-script.ts",
    sidepanel: "src/extension/sidepanel.ts",
    options: "src/extension/options.ts",
  },
  outdir: "dist/extension",
  format: "iife",
});
for (const file of readdirSync("static")) {
  if (file !== "manifest.json") copyFileSync(`static/${file}`, `dist/extension/${file}`);
}

// The development key fixes the id of the unpacked extension wherever it is loaded from
// (chrome-extension://ilonodhohkfckamhekcblipgigpkhmei, which the sample appsettings.json allows to frame the panel):
// an unpacked extension without a key gets an id from its folder's path. Only its public half exists; the package
// leaves it out, as the municipality signs the package with its own key (and names that id in Epss:ExtensionOrigins).
const developmentKey =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuspKccFYea9jUV1JVzex7GXumVj5cOsfNiwRfX98uVQhNrQmKwxvuy7r" +
  "+pAIwQUcHSxFtd82BCmlpyiJITSeHPp6irwGrRRUkFOof256LwkilUa6ODiHeHJh5CJjaSx89HVA01AiSezSiuyPeYfZ4ljHDElm" +
  "8ZFdyXb32gqWCSNxQOVrF4e4+gKeAM72jKn9DwO67XV/839Bl1F7Ld0rVVFPGxQCdkVgY1j7R5bXN/YTTUwbs0yz5jh1tjn8dsN9" +
  "28qxxLvQZKw755musSSCeAj7BvWCUWplDU0Yc1dtxVSBmJ4N3uWwp3vr7sD9DpI90gSu+k/pO8omW6REv4B0vwIDAQAB";
const { version } = JSON.parse(readFileSync("package.json", "utf8"));
if (!/^\d+(\.\d+){0,3}$/.test(version)) {
  console.error(`package.json's version '${version}' is not one Chrome takes (one to four numbers with dots).`);
  process.exit(1);
}
const manifest = { ...JSON.parse(readFileSync("static/manifest.json", "utf8")), version };
writeFileSync("dist/extension/manifest.json", JSON.stringify({ ...manifest, key: developmentKey }, null, 2));
const zip = new AdmZip();
for (const file of readdirSync("dist/extension")) {
  if (file !== "manifest.json") zip.addLocalFile(`dist/extension/${file}`);
}
zip.addFile("manifest.json", Buffer.from(JSON.stringify(manifest, null, 2)));
zip.writeZip(`dist/epss-extension-${version}.zip`);
const packed = JSON.parse(new AdmZip(`dist/epss-extension-${version}.zip`).readAsText("manifest.json"));
if (packed.version !== version || "key" in packed) {
  console.error(`The package's manifest has version ${packed.version}${"key" in packed ? " and a key" : ""}; expected ${version} and no key.`);
  process.exit(1);
}
console.log(`extension: dist/extension (unpacked, development id) and dist/epss-extension-${version}.zip`);

await build({ ...common, entryPoints: ["src/overlay/overlay.ts"], outfile: "dist/overlay/overlay.js", format: "iife" });

// The budget counts what a host page downloads for the overlay: overlay.js, then (when opened) the panel.
const budget = 40 * 1024;
const panel = "../web/dist/panel";
if (!existsSync(`${panel}/panel.js`)) {
  console.error(`The overlay's size budget includes the panel, but ${panel}/panel.js is not there: build src/web first (npm run build there).`);
  process.exit(1);
}
const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const overlay = gzip("dist/overlay/overlay.js");
const total = overlay + gzip(`${panel}/panel.js`) + gzip(`${panel}/panel.css`);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`overlay: ${kb(overlay)} gzip; with the panel (script and style, SignalR included) ${kb(total)} (budget ${kb(budget)})`);
if (total > budget) {
  console.error("The overlay is over its size budget.");
  process.exit(1);
}
