// Bundles the web UI into dist/: the panel, the editor and the dashboard (the server copies them to its output and
// serves them at /panel, /editor and /dashboard).
// Fails on any TypeScript error first: esbuild alone would strip types without checking them.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { gzipSync } from "node:zlib";

execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."], { stdio: "inherit" });

rmSync("dist", { recursive: true, force: true });

/** One page: src/{name}/main.ts bundled to dist/{name}/{name}.js, beside the page's static files from {name}/. */
async function buildPage(name) {
  mkdirSync(`dist/${name}`, { recursive: true });
  await build({
    entryPoints: [`src/${name}/main.ts`],
    outfile: `dist/${name}/${name}.js`,
    bundle: true,
    format: "esm",
    target: ["es2022"],
    minify: true,
    sourcemap: true,
    legalComments: "linked",
    logLevel: "warning",
  });
  cpSync(name, `dist/${name}`, { recursive: true });
}

await buildPage("panel");
// The experts' editor: its own bundle (it reuses the panel's views for the preview) and no size budget.
await buildPage("editor");
// The L&D analysts' dashboard: its own bundle with the parts of Chart.js it registers; no size budget (a desk page).
await buildPage("dashboard");
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
