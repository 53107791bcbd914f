// Bundles the web UI into dist/ (the server copies dist/panel to its output and serves it at /panel).
// Fails on any TypeScript error first: esbuild alone would strip types without checking them.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";

execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."], { stdio: "inherit" });

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist/panel", { recursive: true });
await build({
  entryPoints: ["src/panel/main.ts"],
  outfile: "dist/panel/panel.js",
  bundle: true,
  format: "esm",
  target: ["es2022"],
  minify: true,
  sourcemap: true,
  legalComments: "linked",
  logLevel: "warning",
});
cpSync("panel", "dist/panel", { recursive: true });

// The experts' editor: its own bundle (it reuses the panel's views for the preview) and no size budget.
mkdirSync("dist/editor", { recursive: true });
await build({
  entryPoints: ["src/editor/main.ts"],
  outfile: "dist/editor/editor.js",
  bundle: true,
  format: "esm",
  target: ["es2022"],
  minify: true,
  sourcemap: true,
  legalComments: "linked",
  logLevel: "warning",
});
cpSync("editor", "dist/editor", { recursive: true });

// The L&D analysts' dashboard: its own bundle with the parts of Chart.js it registers; no size budget (a desk page).
mkdirSync("dist/dashboard", { recursive: true });
await build({
  entryPoints: ["src/dashboard/main.ts"],
  outfile: "dist/dashboard/dashboard.js",
  bundle: true,
  format: "esm",
  target: ["es2022"],
  minify: true,
  sourcemap: true,
  legalComments: "linked",
  logLevel: "warning",
});
cpSync("dashboard", "dist/dashboard", { recursive: true });
const dashboardSize = ["dashboard.js", "dashboard.css"].map((file) => gzipSync(readFileSync(`dist/dashboard/${file}`)).length);
console.log(`dashboard: ${(dashboardSize[0] / 1024).toFixed(1)} KB gzip script, ${(dashboardSize[1] / 1024).toFixed(1)} KB gzip style`);

// The panel will also run inside an embeddable overlay with a budget of 40 KB gzip, SignalR client included.
const budget = 40 * 1024;
const gzipped = ["panel.js", "panel.css"].reduce((sum, file) => sum + gzipSync(readFileSync(`dist/panel/${file}`)).length, 0);
console.log(`panel: ${(gzipped / 1024).toFixed(1)} KB gzip (script and style; budget ${budget / 1024} KB)`);
if (gzipped > budget) {
  console.error("The panel is over its size budget.");
  process.exit(1);
}
