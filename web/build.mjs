// Copy the vendored front-end assets of `eventcoder serve` from node_modules into the
// Python package (src/eventcoder/serve/static/vendor). Run: npm ci && npm run build
// The output is committed, so installing eventcoder never needs npm or a network.
import { cpSync, mkdirSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const nm = join(here, "node_modules");
const out = join(here, "..", "src", "eventcoder", "serve", "static", "vendor");

const files = [
  // [package, file in package, destination under vendor/]
  ["leaflet", "dist/leaflet.js", "leaflet/leaflet.js"],
  ["leaflet", "dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet", "LICENSE", "leaflet/LICENSE"],
  ["topojson-client", "dist/topojson-client.min.js", "topojson-client/topojson-client.min.js"],
  ["topojson-client", "LICENSE", "topojson-client/LICENSE"],
  ["world-atlas", "countries-110m.json", "world-atlas/countries-110m.json"],
  ["world-atlas", "LICENSE", "world-atlas/LICENSE"],
];

rmSync(out, { recursive: true, force: true });
const versions = {};
for (const [pkg, src, dst] of files) {
  const target = join(out, dst);
  mkdirSync(dirname(target), { recursive: true });
  let text = readFileSync(join(nm, pkg, src));
  // Drop sourceMappingURL comments: the maps are not shipped.
  if (dst.endsWith(".js") || dst.endsWith(".css")) {
    text = Buffer.from(
      text.toString("utf8").replace(/\n?\/[/*]# sourceMappingURL=\S+(\s*\*\/)?\s*$/u, "\n"),
    );
  }
  writeFileSync(target, text);
  versions[pkg] = JSON.parse(readFileSync(join(nm, pkg, "package.json"), "utf8")).version;
}
// Leaflet's default marker images are not used (markers are divIcons) but the layers
// control CSS refers to its images; ship them so nothing 404s.
cpSync(join(nm, "leaflet", "dist", "images"), join(out, "leaflet", "images"), { recursive: true });
writeFileSync(join(out, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
console.log("vendored into", out, versions);
