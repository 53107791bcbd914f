// Builds the layer over the host application into dist/:
//   dist/extension/  the unpacked Manifest V3 extension (load it in Chromium with "Uitgepakte extensie laden")
//   dist/overlay/overlay.js  the embeddable overlay (the server copies it to its output and serves it at /overlay.js)
// Fails on any TypeScript error first (esbuild alone would strip types without checking them), and fails when the
// overlay and what it loads (the panel from src/web/dist/panel, SignalR included) grow past 40 KB gzip.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
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
for (const file of readdirSync("static")) copyFileSync(`static/${file}`, `dist/extension/${file}`);

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
