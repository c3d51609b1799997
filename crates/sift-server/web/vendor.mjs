// Copies the UI's third-party files from node_modules into ../assets/vendor,
// with their licenses, so that the server embeds them and the browser never
// fetches anything from elsewhere. `--check` fails when the committed copies
// differ from the pinned packages (package-lock.json).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, '..', 'assets', 'vendor');
const files = [
  ['d3/dist/d3.min.js', 'd3.min.js'],
  ['d3/LICENSE', 'LICENSE-d3.txt'],
  ['topojson-client/dist/topojson-client.min.js', 'topojson-client.min.js'],
  ['topojson-client/LICENSE', 'LICENSE-topojson-client.txt'],
  ['world-atlas/countries-50m.json', 'countries-50m.json'],
  ['world-atlas/LICENSE', 'LICENSE-world-atlas.txt'],
];

const check = process.argv.includes('--check');
mkdirSync(vendor, { recursive: true });
let stale = 0;
for (const [from, to] of files) {
  const source = readFileSync(join(here, 'node_modules', from));
  const target = join(vendor, to);
  if (check) {
    let current = null;
    try { current = readFileSync(target); } catch { /* missing */ }
    if (!current || !current.equals(source)) {
      console.error(`assets/vendor/${to} differs from node_modules/${from}; run npm run vendor`);
      stale += 1;
    }
  } else {
    writeFileSync(target, source);
  }
}
if (stale > 0) process.exit(1);
console.log(check ? 'vendored files match the pinned packages' : `vendored ${files.length} files`);
