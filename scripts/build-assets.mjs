// Copies the front-end packages Styrbar serves from node_modules into static/vendor.
// Nothing third-party is committed; `make assets` runs this after `npm ci`.
import { cpSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "static", "vendor");
const copies = [
  ["node_modules/dkfds/dist/css", "dkfds/css"],
  ["node_modules/dkfds/dist/js", "dkfds/js"],
  // The stylesheet only refers to the "complete" IBM Plex Sans set, and not to .otf.
  ["node_modules/dkfds/dist/fonts/IBMPlexSans/complete", "dkfds/fonts/IBMPlexSans/complete", (src) => !src.includes("/otf")],
  ["node_modules/dkfds/dist/img", "dkfds/img"],
  ["node_modules/htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["node_modules/echarts/dist/echarts.min.js", "echarts/echarts.min.js"],
  ["node_modules/cytoscape/dist/cytoscape.min.js", "cytoscape/cytoscape.min.js"],
];

rmSync(vendor, { recursive: true, force: true });
for (const [from, to, filter] of copies) {
  const source = join(root, from);
  if (!existsSync(source)) {
    console.error(`missing ${from}: run npm ci first`);
    process.exit(1);
  }
  const target = join(vendor, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(source, target, { recursive: true, filter: filter ?? (() => true) });
}
console.log(`static/vendor ready (${copies.length} entries)`);
