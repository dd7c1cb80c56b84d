// eventcoder explorer: map, timeline, table and event view over the JSON API.
// Vanilla JS; Leaflet (L) and topojson-client (topojson) are loaded as classic scripts.
// All state lives in the URL query string, so any view can be shared as a link.

const TYPE_COLORS = {
  ASSAULT: "#b2182b", COERCE: "#e6550d", MOBILIZE: "#fd8d3c", THREATEN: "#b8860b",
  SANCTION: "#8c510a", PROTEST: "#7b3294", ACCUSE: "#c51b7d", REJECT: "#de77ae",
  REQUEST: "#4d9221", AGREE: "#1a9850", CONSULT: "#01665e", SUPPORT: "#35978f",
  CONCEDE: "#66bd63", COOPERATE: "#2166ac", AID: "#4393c3", RETREAT: "#5e6b7a",
};
const TYPES = Object.keys(TYPE_COLORS);
const FILTER_KEYS = ["q", "actor", "actor_role", "place", "radius_km", "type", "precision", "country", "acled_event_type",
  "source", "date_from", "date_to", "date_precision", "date_basis", "min_confidence", "include_negated",
  "include_hypothetical", "historical", "bbox"];
const PRECISIONS = ["point", "admin2", "admin1", "country"];
const DATE_PRECISIONS = ["day", "week", "month", "year", "none"];
const DATE_BASES = ["text", "narrative", "publication"];
const SORTS = ["date", "published", "type", "source_actor", "target_actor", "location", "outlet", "confidence"];
const PRECISION_LABELS = { point: "town/point", admin2: "district", admin1: "province", country: "country only" };
const BASIS_LABELS = { text: "from the sentence", narrative: "from a dateline or earlier sentence", publication: "publication date only" };
const ROLE_LABELS = {
  trigger: "Trigger", source_actor: "Source actor", target_actor: "Target actor",
  location: "Place", date: "Date", reported_by: "Reported by",
};
const PAGE = 100;

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
};

// -- state <-> URL ------------------------------------------------------------------------
const state = { filters: {}, event: null, cluster: null, view: null, cursor: null, loaded: 0, total: 0, countBy: "clusters", clustered: false };

// Every parameter of a shared link is checked; what is wrong is said on the page (never
// silently dropped: an unknown type=FOO showing every event would mislead).
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const KNOWN_KEYS = new Set([...FILTER_KEYS, "event", "cluster", "view", "sort", "order", "window", "count_by"]);
function readUrl() {
  const p = new URLSearchParams(location.search);
  const f = {};
  const problems = [];
  const list = (k, allowed, upper = false) => {
    const vals = p.getAll(k).flatMap((v) => v.split(",")).map((v) => (upper ? v.trim().toUpperCase() : v.trim().toLowerCase())).filter(Boolean);
    const bad = vals.filter((v) => !allowed.includes(v));
    if (bad.length) problems.push(`${k}: unknown value${bad.length > 1 ? "s" : ""} ${bad.map((b) => `“${b.slice(0, 40)}”`).join(", ")} (expected ${allowed.join(", ")})`);
    return [...new Set(vals.filter((v) => allowed.includes(v)))];
  };
  for (const k of FILTER_KEYS) {
    if (k === "type") { const t = list("type", TYPES, true); if (t.length) f.type = t; continue; }
    if (k === "precision") { const t = list("precision", PRECISIONS); if (t.length) f.precision = t; continue; }
    if (k === "date_precision") { const t = list("date_precision", DATE_PRECISIONS); if (t.length) f.date_precision = t; continue; }
    const v = p.get(k);
    if (!v) continue;
    if ((k === "date_from" || k === "date_to") && (!ISO_DAY.test(v) || Number.isNaN(Date.parse(v)))) { problems.push(`${k}: “${v.slice(0, 40)}” is not a date (YYYY-MM-DD)`); continue; }
    if (k === "min_confidence" && !(Number(v) >= 0 && Number(v) <= 1)) { problems.push(`min_confidence: “${v.slice(0, 40)}” is not a number from 0 to 1`); continue; }
    if (k === "radius_km" && !(Number(v) >= 0 && Number(v) <= 1000)) { problems.push(`radius_km: “${v.slice(0, 40)}” is not a distance from 0 to 1000 km`); continue; }
    if (k === "actor_role" && !["either", "source", "target"].includes(v)) { problems.push(`actor_role: “${v.slice(0, 40)}” (expected either, source or target)`); continue; }
    if (k === "date_basis" && !DATE_BASES.includes(v)) { problems.push(`date_basis: “${v.slice(0, 40)}” (expected ${DATE_BASES.join(", ")})`); continue; }
    if ((k === "include_negated" || k === "include_hypothetical" || k === "historical") && !["true", "false"].includes(v)) { problems.push(`${k}: “${v.slice(0, 40)}” (expected true or false)`); continue; }
    f[k] = v;
  }
  if (f.date_from && f.date_to && f.date_from > f.date_to) { problems.push("date_from is after date_to: the dates were ignored"); delete f.date_from; delete f.date_to; }
  // real-world events (clusters) by default; count_by=mentions counts every coded report
  const countBy = p.get("count_by") || "clusters";
  if (!["clusters", "mentions"].includes(countBy)) problems.push(`count_by: “${countBy.slice(0, 40)}” (expected clusters or mentions)`);
  state.countBy = countBy === "mentions" ? "mentions" : "clusters";
  state.cluster = p.get("cluster");
  const sort = p.get("sort") || "date";
  const order = p.get("order") || "desc";
  if (!SORTS.includes(sort)) problems.push(`sort: “${sort.slice(0, 40)}” (expected ${SORTS.join(", ")})`);
  if (!["asc", "desc"].includes(order)) problems.push(`order: “${order.slice(0, 40)}” (expected asc or desc)`);
  state.sort = SORTS.includes(sort) ? sort : "date";
  state.order = ["asc", "desc"].includes(order) ? order : "desc";
  const win = p.get("window");
  state.window = null;
  if (win) {
    const [a, b] = win.split("..");
    if (ISO_DAY.test(a || "") && ISO_DAY.test(b || "") && a <= b) state.window = [a, b];
    else problems.push(`window: “${win.slice(0, 40)}” (expected YYYY-MM-DD..YYYY-MM-DD)`);
  }
  const unknown = [...new Set([...p.keys()].filter((k) => !KNOWN_KEYS.has(k)))];
  if (unknown.length) problems.push(`unknown parameter${unknown.length > 1 ? "s" : ""}: ${unknown.map((k) => k.slice(0, 40)).join(", ")}`);
  state.filters = f;
  state.event = p.get("event");
  state.view = p.get("view"); // zoom/lat/lon
  showUrlProblems(problems);
}

function showUrlProblems(problems) {
  const box = $("#url-message");
  if (!problems.length) { box.hidden = true; box.replaceChildren(); return; }
  box.replaceChildren(
    el("strong", { text: "Some parts of this link were not understood and are not applied: " }),
    el("ul", {}, ...problems.map((t) => el("li", { text: t }))),
    el("button", { type: "button", class: "linkish", onclick: () => { box.hidden = true; } }, "Dismiss"));
  box.hidden = false;
}

function filterParams(extra = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) {
    if (Array.isArray(v)) v.forEach((t) => p.append(k, t));
    else if (v !== "" && v !== null && v !== undefined) p.set(k, v);
  }
  if (state.clustered) p.set("count_by", state.countBy); // unclustered: every report counts alone
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined) p.set(k, v);
  return p;
}

function writeUrl(push = true) {
  const p = filterParams();
  p.delete("count_by");
  if (state.countBy === "mentions") p.set("count_by", "mentions"); // the default stays out of links
  if (state.sort !== "date") p.set("sort", state.sort);
  if (state.order !== "desc") p.set("order", state.order);
  if (state.window) p.set("window", state.window.join(".."));
  if (state.event) p.set("event", state.event);
  else if (state.cluster) p.set("cluster", state.cluster);
  if (map) {
    const c = map.getCenter();
    p.set("view", `${map.getZoom()}/${c.lat.toFixed(3)}/${c.lng.toFixed(3)}`);
  }
  const url = `${location.pathname}?${p.toString()}`;
  if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
}

async function api(path, params) {
  const url = params ? `${path}?${params.toString()}` : path;
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({ ok: false, error: `HTTP ${r.status}` }));
  if (!r.ok || body.ok === false) throw new Error(body.error || `HTTP ${r.status}`);
  return body;
}

function setStatus(text, isError = false) {
  const s = $("#status");
  s.textContent = text;
  s.classList.toggle("error", isError);
}

// -- filter form --------------------------------------------------------------------------
function fillForm() {
  const f = state.filters;
  $("#f-q").value = f.q || "";
  $("#f-actor").value = f.actor || "";
  $("#f-actor-role").value = f.actor_role || "either";
  $("#f-place").value = f.place || "";
  $("#f-radius").value = f.radius_km || 0;
  $("#f-datebasis").value = f.date_basis || "";
  $("#f-hist").value = f.historical || "";
  $("#f-from").value = f.date_from || "";
  $("#f-to").value = f.date_to || "";
  $("#f-conf").value = f.min_confidence || 0;
  $("#f-conf-out").textContent = Number(f.min_confidence || 0).toFixed(2);
  $("#f-neg").checked = f.include_negated === "true";
  $("#f-hyp").checked = f.include_hypothetical === "true";
  $("#f-bbox").checked = !!f.bbox;
  fillSelects();
  for (const cb of document.querySelectorAll('#type-options input[type="checkbox"]')) {
    cb.checked = (f.type || []).includes(cb.value);
  }
  for (const cb of document.querySelectorAll('#f-precision input[type="checkbox"]')) cb.checked = (f.precision || []).includes(cb.value);
  for (const cb of document.querySelectorAll('#dateprec-options input[type="checkbox"]')) cb.checked = (f.date_precision || []).includes(cb.value);
}

function fillSelects() {
  const f = state.filters;
  for (const sel of ["country", "acled_event_type", "source"]) {
    const s = $(`select[name="${sel}"]`);
    if (f[sel] && ![...s.options].some((o) => o.value === f[sel])) s.append(el("option", { value: f[sel], text: f[sel] }));
    s.value = f[sel] || "";
  }
}

function readForm() {
  const f = {};
  const v = (id) => $(id).value.trim();
  if (v("#f-q")) f.q = v("#f-q");
  if (v("#f-actor")) f.actor = v("#f-actor");
  if (f.actor && v("#f-actor-role") !== "either") f.actor_role = v("#f-actor-role");
  if (v("#f-place")) f.place = v("#f-place");
  if (f.place && Number(v("#f-radius")) > 0) f.radius_km = v("#f-radius");
  if (v("#f-datebasis")) f.date_basis = v("#f-datebasis");
  if (v("#f-hist")) f.historical = v("#f-hist");
  const checked = (sel) => [...document.querySelectorAll(`${sel} input[type="checkbox"]:checked`)].map((c) => c.value);
  if (checked("#f-precision").length) f.precision = checked("#f-precision");
  if (checked("#dateprec-options").length) f.date_precision = checked("#dateprec-options");
  if (v("#f-from")) f.date_from = v("#f-from");
  if (v("#f-to")) f.date_to = v("#f-to");
  if (Number(v("#f-conf")) > 0) f.min_confidence = v("#f-conf");
  if ($("#f-neg").checked) f.include_negated = "true";
  if ($("#f-hyp").checked) f.include_hypothetical = "true";
  for (const sel of ["country", "acled_event_type", "source"]) {
    const val = $(`select[name="${sel}"]`).value;
    if (val) f[sel] = val;
  }
  const types = [...document.querySelectorAll('#type-options input[type="checkbox"]:checked')].map((c) => c.value);
  if (types.length) f.type = types;
  if ($("#f-bbox").checked) f.bbox = viewBbox() || state.filters.bbox;
  return f;
}

function buildTypeOptions() {
  const box = $("#type-options");
  box.replaceChildren();
  for (const t of TYPES) {
    const id = `t-${t}`;
    box.append(el("div", { class: "type-opt" },
      el("input", { type: "checkbox", id, value: t, name: "type" }),
      el("label", { for: id },
        el("span", { class: "swatch", style: `background:${TYPE_COLORS[t]}`, "aria-hidden": "true" }),
        t, " ", el("span", { class: "count", id: `tc-${t}` }))));
  }
  const dp = $("#dateprec-options");
  dp.replaceChildren(...DATE_PRECISIONS.map((d) => el("div", { class: "checks" },
    el("input", { type: "checkbox", id: `dp-${d}`, value: d, name: "date_precision" }),
    el("label", { for: `dp-${d}` }, d === "none" ? "undated" : d, " ", el("span", { class: "count", id: `dpc-${d}` })))));
  const legend = $("#type-legend");
  legend.replaceChildren(...TYPES.map((t) => el("span", { class: "legend-item" },
    el("span", { class: "swatch", style: `background:${TYPE_COLORS[t]}`, "aria-hidden": "true" }), t)),
  el("span", { class: "legend-item" }, el("span", { class: "pm pm-point", "aria-hidden": "true" }), "filled: town or point"),
  el("span", { class: "legend-item" }, el("span", { class: "pm pm-admin", "aria-hidden": "true" }), "dashed: province or district"),
  el("span", { class: "legend-item" }, el("span", { class: "pm pm-country", "aria-hidden": "true" }), "hollow ring: country only (total)"));
}

let debounceTimer = null;
function onFormChange(immediate = false) {
  clearTimeout(debounceTimer);
  debounceTimer = setTimeout(() => {
    state.filters = readForm();
    writeUrl(true);
    refresh();
  }, immediate ? 0 : 350);
}

function setSelectOptions(select, buckets, anyLabel) {
  const current = select.value;
  select.replaceChildren(el("option", { value: "", text: anyLabel }));
  for (const b of buckets) {
    if (b.value === null) continue;
    select.append(el("option", { value: b.value, text: `${b.value} (${b.count})` }));
  }
  if (current && ![...select.options].some((o) => o.value === current)) select.append(el("option", { value: current, text: current }));
  select.value = current;
}

// -- map ----------------------------------------------------------------------------------
let map = null;
let markerLayer = null;
let labelLayer = null;
let selectedLayer = null;
let mapRequest = 0;

function initMap() {
  map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 14, zoomSnap: 1, attributionControl: true, keyboard: true });
  map.attributionControl.setPrefix("");
  map.attributionControl.addAttribution("Basemap: Natural Earth (public domain) via world-atlas; province borders: Natural Earth admin-1");
  const [z, lat, lon] = (state.view || "").split("/").map(Number);
  if (Number.isFinite(z) && Number.isFinite(lat) && Number.isFinite(lon)) map.setView([lat, lon], Math.max(1, Math.min(14, z)));
  else map.setView([25, 20], 2);
  map.createPane("basemap");
  map.getPane("basemap").style.zIndex = 200;
  fetch("/static/vendor/world-atlas/countries-110m.json")
    .then((r) => r.json())
    .then((topo) => {
      const land = topojson.feature(topo, topo.objects.countries);
      land.features = land.features.filter((f) => f.id !== "010"); // Antarctica
      for (const f of land.features) unwrapAntimeridian(f.geometry);
      L.geoJSON(land, {
        pane: "basemap", interactive: false,
        style: { color: "#ffffff", weight: 0.8, fillColor: "#d9d4c7", fillOpacity: 1 },
      }).addTo(map);
    })
    .catch(() => setStatus("Could not load the basemap", true));
  // first-level borders (Natural Earth admin-1, bundled) from zoom 4 on, drawn on a canvas
  map.createPane("borders");
  map.getPane("borders").style.zIndex = 210;
  map.getPane("borders").style.pointerEvents = "none";
  map.on("zoomend", drawAdmin1);
  drawAdmin1();
  map.createPane("labels");
  map.getPane("labels").style.zIndex = 450;
  map.getPane("labels").style.pointerEvents = "none";
  labelLayer = L.layerGroup().addTo(map);
  markerLayer = L.layerGroup().addTo(map);
  selectedLayer = L.layerGroup().addTo(map);
  map.on("moveend", () => {
    writeUrl(false);
    if (state.filters.bbox) {
      state.filters.bbox = viewBbox();
      writeUrl(false);
      refresh({ keepMap: false });
    } else loadMap();
  });
}

let admin1Layer = null;
let admin1Loading = null;
const ADMIN1_MIN_ZOOM = 4;
function drawAdmin1() {
  const show = map.getZoom() >= ADMIN1_MIN_ZOOM;
  $("#map").dataset.admin1 = show ? "shown" : "hidden";
  if (!show) { if (admin1Layer && map.hasLayer(admin1Layer)) map.removeLayer(admin1Layer); return; }
  if (admin1Layer) { if (!map.hasLayer(admin1Layer)) admin1Layer.addTo(map); return; }
  if (admin1Loading) return;
  admin1Loading = fetch("/static/vendor/natural-earth/admin1-lines.json")
    .then((r) => r.json())
    .then((topo) => {
      const lines = topojson.feature(topo, topo.objects.admin1);
      admin1Layer = L.geoJSON(lines, {
        pane: "borders", interactive: false, renderer: L.canvas({ pane: "borders" }),
        style: { color: "#8a8275", weight: 0.9, dashArray: "4 3", opacity: 0.9 },
      });
      $("#map").dataset.admin1Lines = String(topo.arcs.length);
      if (map.getZoom() >= ADMIN1_MIN_ZOOM) admin1Layer.addTo(map);
    })
    .catch(() => { admin1Loading = null; });
}

// Rings that cross the antimeridian (Russia, Fiji) jump from +180 to -180; Leaflet would
// draw those jumps as bands across the map. Shift their western points by 360 degrees.
function unwrapAntimeridian(geom) {
  if (!geom) return;
  const polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
  for (const poly of polys) {
    for (const ring of poly) {
      let jumps = false;
      for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) { jumps = true; break; }
      if (jumps) for (const pt of ring) if (pt[0] < 0) pt[0] += 360;
    }
  }
}

function viewBbox() {
  if (!map) return null;
  const b = map.getBounds();
  let w = b.getWest(), e = b.getEast();
  if (e - w >= 360) { w = -180; e = 180; }
  const wrap = (x) => ((((x + 180) % 360) + 360) % 360) - 180;
  const s = Math.max(-90, b.getSouth()), n = Math.min(90, b.getNorth());
  const f = (x) => x.toFixed(4);
  return [f(e - w >= 360 ? -180 : wrap(w)), f(s), f(e - w >= 360 ? 180 : (wrap(e) === -180 ? 180 : wrap(e))), f(n)].join(",");
}

async function loadMap() {
  const id = ++mapRequest;
  const params = filterParams({ zoom: map.getZoom(), view: viewBbox() });
  try {
    const fc = await api("/api/events.geojson", params);
    if (id !== mapRequest) return;
    drawMarkers(fc);
  } catch (err) {
    if (id === mapRequest) setStatus(`Map: ${err.message}`, true);
  }
  loadLabels();
}

// -- contrast: the number on a cluster is black or white, whichever contrasts more -------
function luminance(hex) {
  const c = hex.replace("#", "");
  const ch = [0, 2, 4].map((i) => parseInt(c.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}
const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const textOn = (bg) => (contrast(bg, "#ffffff") >= contrast(bg, "#111111") ? "#ffffff" : "#111111");
// Hollow country rings sit on the basemap: their number is dark on a white disc.
const MAP_TEXT = "#111111";

// Diameter grows with the log of the count and never stops: 1 -> 18 px, 1,000 -> 48, 1 M -> 78.
const markerSize = (n) => Math.round(18 + 10 * Math.log10(Math.max(1, n)));
const precisionClass = (p) => (p === "country" ? "country" : p === "point" || !p ? "point" : "admin");

// Clusters never overlap: in screen space, biggest first, a smaller marker of the same kind
// that would overlap a bigger one is merged into it; markers of different kinds (a town and
// a country total) are pushed apart instead, so neither hides the other.
function layoutFeatures(features) {
  const items = features.map((f) => {
    const [lon, lat] = f.geometry.coordinates;
    const pt = map.latLngToLayerPoint([lat, lon]);
    return { f, lat, lon, x: pt.x, y: pt.y, n: f.properties.count, kind: precisionClass(f.properties.precision), merged: [] };
  }).sort((a, b) => b.n - a.n);
  const placed = [];
  for (const it of items) {
    let host = null;
    for (const q of placed) {
      const r = (markerSize(q.n) + markerSize(it.n)) / 2 + 2;
      if (Math.hypot(q.x - it.x, q.y - it.y) < r && q.kind === it.kind) { host = q; break; }
    }
    if (host) { host.merged.push(it.f); host.n += it.n; continue; }
    placed.push(it);
  }
  for (let pass = 0; pass < 6; pass++) {
    let moved = false;
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        const a = placed[i], b = placed[j];
        const need = (markerSize(a.n) + markerSize(b.n)) / 2 + 2;
        let dx = b.x - a.x, dy = b.y - a.y;
        const d = Math.hypot(dx, dy);
        if (d >= need) continue;
        if (d < 0.01) { dx = 1; dy = 0; } else { dx /= d; dy /= d; }
        b.x = a.x + dx * need; b.y = a.y + dy * need; moved = true;
      }
    }
    if (!moved) break;
  }
  return placed;
}

function drawMarkers(fc) {
  markerLayer.clearLayers();
  const map_el = $("#map");
  map_el.dataset.total = String(fc.total);
  const placed = layoutFeatures(fc.features);
  map_el.dataset.features = String(placed.length);
  for (const it of placed) {
    const p = { ...it.f.properties };
    const cluster = p.cluster || it.merged.length > 0;
    const count = it.n;
    if (it.merged.length) {
      const boxes = [p.bbox || [it.lon, it.lat, it.lon, it.lat], ...it.merged.map((m) => m.properties.bbox || [...m.geometry.coordinates, ...m.geometry.coordinates])];
      p.bbox = [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
      const types = { ...(p.types || { [p.type]: p.count }) };
      for (const m of it.merged) for (const [t, c] of Object.entries(m.properties.types || { [m.properties.type]: m.properties.count })) types[t] = (types[t] || 0) + c;
      p.types = types;
      p.type = Object.entries(types).sort((x, y) => y[1] - x[1])[0][0];
    }
    const { lat, lon } = it;
    const ll = map.layerPointToLatLng([it.x, it.y]);
    const kind = it.kind;
    const color = TYPE_COLORS[p.type] || "#555555";
    const size = markerSize(count);
    const where = kind === "country" ? `in ${p.location_name || p.country || "a country"} (country-level: no town known)` : `near ${p.location_name && !cluster ? p.location_name : `${lat.toFixed(2)}, ${lon.toFixed(2)}`}`;
    const label = cluster
      ? `${count} events ${where}; mostly ${p.type}. Press Enter to list them`
      : `${p.type}: ${p.trigger || "event"} ${where}${p.date ? ` (${p.date})` : ""}. Press Enter to open`;
    const fg = kind === "country" ? MAP_TEXT : textOn(color);
    const icon = L.divIcon({
      className: `ev-marker ev-${kind}${cluster ? " ev-cluster" : ""}`,
      html: cluster || kind === "country" ? `<span style="color:${fg}">${count}</span>` : "",
      iconSize: [size, size],
    });
    const m = L.marker(ll, { icon, title: label, alt: label, keyboard: true, zIndexOffset: Math.round(Math.log10(count + 1) * 1000) });
    const open = () => (cluster ? openCluster(p, count, kind, ll) : selectEvent(p.event_id));
    m.on("add", () => {
      const e = m.getElement();
      if (!e) return;
      if (kind === "country") { e.style.borderColor = color; e.style.background = "#ffffff"; } else e.style.background = color;
      if (kind === "admin") e.style.borderColor = "#ffffff";
      e.dataset.lat = String(lat);
      e.dataset.lon = String(lon);
      e.dataset.type = p.type;
      e.dataset.count = String(count);
      e.dataset.precision = kind;
      e.dataset.fg = fg;
      e.dataset.bg = kind === "country" ? "#ffffff" : color;
      if (!cluster && p.event_id) e.dataset.eventId = p.event_id;
      e.setAttribute("role", "button");
      e.setAttribute("tabindex", "0");
      e.setAttribute("aria-label", label);
      e.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); ev.stopPropagation(); open(); }
      });
    });
    m.on("click", open);
    markerLayer.addLayer(m);
  }
}

// The popup belongs to the map, not to a marker: redrawing the markers after the popup's
// own pan (or any move) leaves it open. It closes on its × button, Escape or another popup.
let clusterPopup = null;
async function openCluster(p, count, kind, ll) {
  const [w, s, e, n] = p.bbox || [ll.lng, ll.lat, ll.lng, ll.lat];
  const eps = 1e-6;
  const bbox = [w - eps, s - eps, e + eps, n + eps].map((x) => x.toFixed(6)).join(",");
  const box = el("div", { class: "cluster-pop", role: "dialog", "aria-label": `${count} events` }, el("p", { text: `${count} events here. Loading…` }));
  if (clusterPopup) map.closePopup(clusterPopup);
  clusterPopup = L.popup({ maxWidth: 380, autoPanPadding: [40, 40], closeOnEscapeKey: true }).setLatLng(ll).setContent(box).openOn(map);
  const extra = { bbox, limit: 25 };
  const params = filterParams(extra);
  if (kind === "country") { params.delete("bbox"); params.set("bbox", bbox); params.delete("precision"); params.append("precision", "country"); }
  else if (kind === "admin") { params.delete("precision"); params.append("precision", "admin1"); params.append("precision", "admin2"); }
  else { params.delete("precision"); params.append("precision", "point"); }
  try {
    const page = await api("/api/events", params);
    const list = el("ul", { class: "cluster-list" });
    for (const ev of page.items) {
      list.append(el("li", {}, el("button", { type: "button", class: "linkish", onclick: () => selectEvent(ev.event_id) },
        el("span", { class: "swatch", style: `background:${TYPE_COLORS[ev.type] || "#555"}`, "aria-hidden": "true" }),
        `${ev.type}: ${ev.trigger?.text || ""} — ${actorName(ev.source_actor) || "?"}${ev.date?.value ? ` (${ev.date.value})` : ""}`)));
    }
      const what = state.countBy === "clusters" && state.clustered ? "real-world events" : "events";
    const head = kind === "country" ? `${page.total} country-level ${what} (no town known)` : `${page.total} ${what}`;
    const parts = [el("p", { text: `${head}${page.total > page.items.length ? ` — the newest ${page.items.length}` : ""}:` }), list];
    if (e - w > 1e-4 || n - s > 1e-4) {
      parts.push(el("button", { type: "button", onclick: () => { map.closePopup(clusterPopup); map.fitBounds([[s, w], [n, e]], { maxZoom: 12, padding: [30, 30] }); } }, "Zoom in"));
    }
    box.replaceChildren(...parts);
    clusterPopup.update();
    const first = box.querySelector("button");
    if (first) first.focus({ preventScroll: true });
  } catch (err) {
    box.replaceChildren(el("p", { text: err.message }));
  }
}

// Place names at closer zooms, from the gazetteer the server ships (nothing fetched).
let labelRequest = 0;
async function loadLabels() {
  const id = ++labelRequest;
  labelLayer.clearLayers();
  if (map.getZoom() < 4) return;
  try {
    const res = await api("/api/places/labels", new URLSearchParams({ view: viewBbox(), zoom: map.getZoom(), limit: 60 }));
    if (id !== labelRequest) return;
    // most populous first; a label that would overlap one already drawn is left out
    const boxes = [];
    for (const lb of res.items) {
      const pt = map.latLngToLayerPoint([lb.lat, lb.lon]);
      const w = lb.name.length * (lb.kind === "admin1" ? 7.5 : 6.5) + 8, h = 14;
      const box = [pt.x, pt.y - h, pt.x + w, pt.y + 2];
      if (boxes.some((o) => box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3])) continue;
      boxes.push(box);
      if (boxes.length > 30) break;
      labelLayer.addLayer(L.marker([lb.lat, lb.lon], {
        interactive: false, keyboard: false, pane: "labels",
        icon: L.divIcon({ className: `place-label pl-${lb.kind}`, html: `<span>${lb.name.replace(/[<>&]/g, "")}</span>`, iconSize: null }),
      }));
    }
  } catch (err) { /* labels are decoration: the map works without them */ }
}

// -- timeline -----------------------------------------------------------------------------
function drawTimeline(facets) {
  const svg = $("#timeline");
  const W = svg.clientWidth || 600, H = 110, padL = 34, padB = 20, padT = 8;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.replaceChildren();
  const ns = "http://www.w3.org/2000/svg";
  const mk = (tag, attrs) => { const e = document.createElementNS(ns, tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); return e; };
  const data = facets.timeline;
  const win = facets.window || {};
  $("#timeline-caption").textContent = `Events per ${facets.interval}, ${win.from || "?"} to ${win.to || "?"}${state.window ? " (zoomed)" : " (the bulk of the data)"} — drag across the bars to select dates (or use the From/To fields)`;
  const out = [];
  if (facets.before) out.push(`${facets.before} earlier (from ${win.min})`);
  if (facets.after) out.push(`${facets.after} later (to ${win.max})`);
  $("#tl-outliers").textContent = out.length ? `Outside the timeline: ${out.join("; ")}` : "";
  // background the reports tell without a date: its day is unknown (not the report's day),
  // so it is counted here, not drawn
  const nb = facets.undated_background || 0;
  $("#tl-undated").textContent = nb ? `${nb} background event${nb === 1 ? "" : "s"} without a date (not on the timeline)` : "";
  const listed = state.filters.historical === "true" && (state.filters.date_precision || []).join() === "none";
  $("#tl-undated-show").hidden = !nb || listed;
  $("#tl-reset").hidden = !state.window;
  $("#tl-zoom").disabled = !(state.filters.date_from && state.filters.date_to);
  if (!data.length) {
    const t = mk("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "tl-empty" });
    t.textContent = "No dated events";
    svg.append(t);
    return;
  }
  const day = (s) => Date.parse(`${s}T00:00:00Z`) / 86400000;
  const step = facets.interval === "day" ? 1 : facets.interval === "week" ? 7 : 30.44;
  const d0 = Math.min(day(data[0].date), win.from ? day(win.from) : Infinity), d1 = Math.max(day(data[data.length - 1].date) + step, win.to ? day(win.to) + 1 : -Infinity);
  const max = Math.max(...data.map((d) => d.count));
  const x = (d) => padL + ((d - d0) / Math.max(d1 - d0, 1)) * (W - padL - 8);
  const y = (c) => H - padB - (c / max) * (H - padB - padT);
  const bw = Math.max(1, x(d0 + step) - x(d0) - 1);
  const sel = [state.filters.date_from, state.filters.date_to];
  const g = mk("g", {});
  for (const d of data) {
    const dd = day(d.date);
    const inSel = (!sel[0] || d.date >= sel[0]) && (!sel[1] || d.date <= sel[1]);
    const r = mk("rect", { x: x(dd), y: y(d.count), width: bw, height: H - padB - y(d.count), class: inSel ? "bar" : "bar out" });
    const tt = mk("title", {});
    tt.textContent = `${d.date}: ${d.count} event${d.count === 1 ? "" : "s"}`;
    r.append(tt);
    g.append(r);
  }
  svg.append(g);
  svg.append(mk("line", { x1: padL, x2: W - 8, y1: H - padB, y2: H - padB, class: "axis" }));
  const lab = (txt, xx, anchor) => { const t = mk("text", { x: xx, y: H - 5, "text-anchor": anchor, class: "tl-label" }); t.textContent = txt; svg.append(t); };
  lab(win.from || data[0].date, padL, "start");
  lab(win.to || data[data.length - 1].date, W - 8, "end");
  if (facets.before || facets.after) {
    const t = mk("text", { x: W - 8, y: padT + 8, "text-anchor": "end", class: "tl-label" });
    t.textContent = `${facets.before ? `◀ ${facets.before} earlier` : ""}${facets.before && facets.after ? " · " : ""}${facets.after ? `${facets.after} later ▶` : ""}`;
    svg.append(t);
  }
  const ymax = mk("text", { x: padL - 4, y: padT + 8, "text-anchor": "end", class: "tl-label" });
  ymax.textContent = String(max);
  svg.append(ymax);
  // brushing
  const brush = mk("rect", { y: padT, height: H - padB - padT, x: 0, width: 0, class: "brush" });
  svg.append(brush);
  const toDate = (px) => {
    const d = d0 + ((px - padL) / (W - padL - 8)) * (d1 - d0);
    return new Date(Math.round(Math.min(Math.max(d, d0), d1 - 1)) * 86400000).toISOString().slice(0, 10);
  };
  const pxOf = (ev) => { const r = svg.getBoundingClientRect(); return ((ev.clientX - r.left) / r.width) * W; };
  let start = null;
  svg.onpointerdown = (ev) => { start = pxOf(ev); svg.setPointerCapture(ev.pointerId); brush.setAttribute("x", start); brush.setAttribute("width", 0); };
  svg.onpointermove = (ev) => {
    if (start === null) return;
    const p = pxOf(ev);
    brush.setAttribute("x", Math.min(start, p));
    brush.setAttribute("width", Math.abs(p - start));
  };
  svg.onpointerup = (ev) => {
    if (start === null) return;
    const p = pxOf(ev);
    const a = Math.min(start, p), b = Math.max(start, p);
    start = null;
    if (b - a < 3) { // a click clears the date filter
      delete state.filters.date_from; delete state.filters.date_to;
    } else {
      state.filters.date_from = toDate(a);
      state.filters.date_to = toDate(b);
    }
    fillForm();
    writeUrl(true);
    refresh();
  };
}

// -- table --------------------------------------------------------------------------------
const actorName = (a) => (a ? a.name || a.text : "");

function dateCell(ev) {
  const d = ev.date || {};
  if (!d.value) return el("td", {}, el("span", { class: "muted", text: "undated" }));
  const basis = d.basis === "publication" ? "pub." : d.basis === "narrative" ? "narr." : "";
  const shown = d.precision === "month" ? d.value.slice(0, 7) : d.precision === "year" ? d.value.slice(0, 4) : d.value;
  return el("td", { dataset: { date: d.value }, title: `${d.precision || "?"} precision${d.basis ? `; ${BASIS_LABELS[d.basis] || d.basis}` : ""}` },
    shown, d.precision && d.precision !== "day" ? el("span", { class: "flag", text: ` ${d.precision}` }) : null,
    basis ? el("span", { class: `flag basis-${d.basis}`, text: ` (${basis})` }) : null);
}

function locationCell(loc) {
  if (!loc) return el("td", {});
  const prec = loc.precision;
  return el("td", {}, loc.name || loc.text || "",
    prec && prec !== "point" ? el("span", { class: "flag", text: ` (${PRECISION_LABELS[prec] || prec})` }) : null,
    loc.basis === "article" ? el("span", { class: "flag", title: "placed by the article's main place, not the sentence", text: " (article)" }) : null);
}

function eventRow(ev) {
  const loc = ev.location;
  const art = ev.article || {};
  const flags = [ev.negated ? "negated" : null, ev.hypothetical ? "hypothetical" : null, ev.historical ? "background" : null].filter(Boolean).join(", ");
  const tr = el("tr", { tabindex: "-1", dataset: { eventId: ev.event_id }, "aria-selected": ev.event_id === state.event ? "true" : "false" },
    dateCell(ev),
    el("td", {}, el("span", { class: "swatch", style: `background:${TYPE_COLORS[ev.type] || "#555"}`, "aria-hidden": "true" }), ev.type,
      flags ? el("span", { class: "flag", text: ` (${flags})` }) : null),
    el("td", { text: actorName(ev.source_actor) }),
    el("td", { text: actorName(ev.target_actor) }),
    locationCell(loc),
    el("td", {}, el("a", { href: eventHref(ev.event_id), class: "trigger-link", onclick: (e) => { e.preventDefault(); selectEvent(ev.event_id); } }, ev.trigger?.text || "(event)")),
    el("td", { text: (ev.reported_by || []).map((r) => r.name || r.text).join("; ") }),
    el("td", { class: "outlet", text: art.source || "" }),
    el("td", { text: art.published || "" }),
    el("td", { class: "title" }, art.url ? el("a", { href: art.url, rel: "noopener noreferrer", target: "_blank" }, art.title || art.url) : art.title || ""),
    el("td", { text: ev.confidence != null ? Number(ev.confidence).toFixed(2) : "" }),
    reportsCell(ev.cluster));
  tr.addEventListener("click", (e) => { if (e.target.tagName !== "A") selectEvent(ev.event_id); });
  return tr;
}

// How many reports tell of the row's real-world event, and whether their sources disagree;
// the button opens the cluster view (sources side by side).
function reportsCell(c) {
  if (!c) return el("td", {}, el("span", { class: "muted", text: "—" }));
  const label = `${c.n_events} report${c.n_events === 1 ? "" : "s"}, ${c.independent_sources} source${c.independent_sources === 1 ? "" : "s"}`;
  return el("td", { class: "reports" },
    el("button", { type: "button", class: "linkish", onclick: (e) => { e.stopPropagation(); openClusterView(c.cluster_id); },
      "aria-label": `${label}${c.n_contradictions ? `, ${c.n_contradictions} disagreement${c.n_contradictions === 1 ? "" : "s"}` : ""}: open the real-world event` }, label),
    c.n_contradictions ? el("span", { class: "disagree", text: ` ${c.n_contradictions} disagree` }) : null);
}

function clusterHref(id) {
  const p = filterParams();
  p.delete("count_by");
  if (state.countBy === "mentions") p.set("count_by", "mentions");
  p.set("cluster", id);
  return `/?${p.toString()}`;
}

function eventHref(id) {
  const p = filterParams();
  p.delete("count_by");
  if (state.countBy === "mentions") p.set("count_by", "mentions");
  p.set("event", id);
  return `/?${p.toString()}`;
}

function tableKeys(e) {
  const rows = [...document.querySelectorAll("#events-table tbody tr")];
  const i = rows.indexOf(document.activeElement.closest("tr"));
  let next = null;
  if (e.key === "ArrowDown") next = rows[Math.min(rows.length - 1, i + 1)];
  else if (e.key === "ArrowUp") next = rows[Math.max(0, i - 1)];
  else if (e.key === "Home") next = rows[0];
  else if (e.key === "End") next = rows[rows.length - 1];
  else if ((e.key === "Enter" || e.key === " ") && i >= 0 && document.activeElement.tagName === "TR") {
    e.preventDefault();
    selectEvent(rows[i].dataset.eventId);
    return;
  }
  if (next) {
    e.preventDefault();
    focusRow(next);
  }
}

function focusRow(tr) {
  for (const r of document.querySelectorAll("#events-table tbody tr")) r.tabIndex = -1;
  tr.tabIndex = 0;
  tr.focus();
}

async function loadEvents(append = false, id = null) {
  const params = filterParams({ limit: PAGE, cursor: append ? state.cursor : null, sort: state.sort, order: state.order });
  const page = await api("/api/events", params);
  if (id !== null && id !== refreshId) return; // a newer filter was applied meanwhile: drop this answer
  const tbody = $("#events-table tbody");
  if (!append) { tbody.replaceChildren(); state.loaded = 0; }
  for (const ev of page.items) tbody.append(eventRow(ev));
  const first = tbody.querySelector("tr");
  if (first && !tbody.querySelector('tr[tabindex="0"]')) first.tabIndex = 0;
  state.loaded += page.items.length;
  state.total = page.total;
  state.cursor = page.next_cursor;
  $("#more").hidden = !page.next_cursor;
  const unit = state.countBy === "clusters" && state.clustered ? ["real-world event", "real-world events"] : ["event", "events"];
  setStatus(`${page.total} ${page.total === 1 ? unit[0] : unit[1]} match the filters${page.total > state.loaded ? ` (showing ${state.loaded})` : ""}${state.countBy === "clusters" && state.clustered ? " — each once, by its first report" : ""}.`);
  drawSortHeaders();
}

// Sortable columns: each header with a sort is a button; aria-sort tells the order.
function drawSortHeaders() {
  for (const th of document.querySelectorAll("#events-table thead th[data-sort]")) {
    const key = th.dataset.sort;
    const active = state.sort === key;
    th.setAttribute("aria-sort", active ? (state.order === "asc" ? "ascending" : "descending") : "none");
    let btn = th.querySelector("button");
    if (!btn) {
      btn = el("button", { type: "button", class: "sort" }, th.textContent);
      th.replaceChildren(btn);
      btn.addEventListener("click", () => {
        if (state.sort === key) state.order = state.order === "desc" ? "asc" : "desc";
        else { state.sort = key; state.order = key === "date" || key === "published" || key === "confidence" ? "desc" : "asc"; }
        writeUrl(true);
        loadEvents(false).catch((err) => setStatus(err.message, true));
      });
    }
    btn.dataset.label = btn.dataset.label || btn.textContent;
    btn.textContent = `${btn.dataset.label}${active ? (state.order === "asc" ? " ▲" : " ▼") : ""}`;
    btn.setAttribute("aria-label", `Sort by ${btn.dataset.label}${active ? ` (now ${state.order === "asc" ? "ascending" : "descending"})` : ""}`);
  }
}

// -- facets -------------------------------------------------------------------------------
async function loadFacets(id = null) {
  const fp = filterParams();
  if (state.window) { fp.set("window_from", state.window[0]); fp.set("window_to", state.window[1]); }
  const facets = await api("/api/facets", fp);
  if (id !== null && id !== refreshId) return;
  const counts = Object.fromEntries(facets.types.map((b) => [b.value, b.count]));
  for (const t of TYPES) $(`#tc-${t}`).textContent = counts[t] ? `(${counts[t]})` : "";
  setSelectOptions($("#f-country"), facets.countries, "Any country");
  setSelectOptions($("#f-acled"), facets.acled_event_types, "Any ACLED type");
  setSelectOptions($("#f-source"), facets.sources, "Any source");
  const dpc = Object.fromEntries((facets.date_precisions || []).map((b) => [b.value, b.count]));
  for (const d of DATE_PRECISIONS) $(`#dpc-${d}`).textContent = dpc[d] ? `(${dpc[d]})` : "";
  const hc = Object.fromEntries((facets.historical || []).map((b) => [b.value, b.count]));
  for (const o of $("#f-hist").options) {
    o.dataset.label = o.dataset.label || o.textContent;
    const n = o.value === "" ? (hc.current || 0) + (hc.historical || 0) : o.value === "true" ? hc.historical || 0 : hc.current || 0;
    o.textContent = `${o.dataset.label} (${n})`;
  }
  // the selects' options were rebuilt: put their values back, and only theirs (a late answer
  // must not wipe what the analyst is typing in the text fields meanwhile)
  fillSelects();
  drawTimeline(facets);
}

// -- event / article view -----------------------------------------------------------------
async function selectEvent(id, push = true) {
  if (!id) return;
  state.event = id;
  state.cluster = null;
  if (push) writeUrl(true);
  for (const r of document.querySelectorAll("#events-table tbody tr")) r.setAttribute("aria-selected", r.dataset.eventId === id ? "true" : "false");
  const panel = $("#detail");
  panel.hidden = false;
  $("#detail-body").replaceChildren(el("p", { text: "Loading…" }));
  try {
    const detail = await api(`/api/events/${encodeURIComponent(id)}`);
    const art = await api(`/api/articles/${encodeURIComponent(detail.event.article_id)}`);
    renderDetail(detail, art);
    showSelectedOnMap(detail.event);
    panel.focus({ preventScroll: true });
    // the article opens at the event: its sentence and trigger scrolled into the middle
    const trig = $("#article-text mark[data-role=trigger]") || $("#article-text .sentence");
    if (trig) { // scroll the panel only: the page behind it stays where the analyst left it
      const r = trig.getBoundingClientRect(), pr = panel.getBoundingClientRect();
      panel.scrollTop += r.top - pr.top - pr.height / 2 + r.height / 2;
    }
  } catch (err) {
    $("#detail-body").replaceChildren(el("p", { class: "error", text: err.message }));
  }
}

function closeDetail() {
  state.event = null;
  state.cluster = null;
  $("#detail").hidden = true;
  selectedLayer.clearLayers();
  writeUrl(true);
  const row = document.querySelector('#events-table tbody tr[aria-selected="true"]');
  if (row) { row.setAttribute("aria-selected", "false"); focusRow(row); }
}

function showSelectedOnMap(ev) {
  selectedLayer.clearLayers();
  const loc = ev.location;
  if (!loc || loc.lat == null || loc.lon == null) return;
  const ring = L.circleMarker([loc.lat, loc.lon], { radius: 14, color: "#111", weight: 3, fill: false, interactive: false, className: "sel-ring" });
  selectedLayer.addLayer(ring);
  // keep the marker visible beside the event view, which covers the right of the page
  const mapRect = $("#map").getBoundingClientRect();
  const panelRect = $("#detail").getBoundingClientRect();
  const covered = $("#detail").hidden ? 0 : Math.max(0, mapRect.right - panelRect.left);
  const padR = Math.min(mapRect.width - 80, covered + 40);
  map.panInside([loc.lat, loc.lon], { paddingTopLeft: [40, 40], paddingBottomRight: [padR, 40], animate: false });
}

function renderDetail(detail, artResp) {
  const ev = detail.event;
  const art = artResp.article;
  $("#detail-title").textContent = `${ev.type}${ev.mode ? ` (${ev.mode})` : ""}: ${ev.trigger?.text || ""}`;
  const dl = el("dl", { class: "facts" });
  const fact = (k, v) => { if (v) dl.append(el("dt", { text: k }), el("dd", {}, v)); };
  const actor = (a) => (a ? `${a.name || a.text}${a.name && a.text && a.name !== a.text ? ` (“${a.text}”)` : ""}${a.country ? ` [${a.country}${a.sector ? `/${a.sector}` : ""}]` : ""}` : "");
  fact("Outlet", art.source || "");
  fact("Published", art.published || "");
  if (art.url) dl.append(el("dt", { text: "Article" }), el("dd", {}, el("a", { href: art.url, rel: "noopener noreferrer", target: "_blank" }, art.title || art.url)));
  else fact("Article", art.title || "");
  fact("Source actor", actor(ev.source_actor));
  fact("Target actor", actor(ev.target_actor));
  const loc = ev.location;
  if (loc) fact("Place", `${loc.name || loc.text}${loc.country ? `, ${loc.country}` : ""}${loc.lat != null ? ` (${loc.lat.toFixed(3)}, ${loc.lon.toFixed(3)})` : ""} — ${PRECISION_LABELS[loc.precision] || "unlocated"} precision, from the ${loc.basis || "sentence"}`);
  if (ev.date?.value) fact("Date", `${ev.date.value} (${ev.date.precision || "?"} precision${ev.date.basis ? `, ${BASIS_LABELS[ev.date.basis] || ev.date.basis}` : ""}${ev.date.text ? `, “${ev.date.text}”` : ""})`);
  else fact("Date", "undated");
  fact("Reported by", (ev.reported_by || []).map((r) => r.name || r.text).join("; "));
  if (ev.acled) fact("ACLED", `${ev.acled.event_type} / ${ev.acled.sub_event_type}`);
  const flags = [ev.negated ? "negated" : null, ev.hypothetical ? "hypothetical" : null].filter(Boolean);
  if (flags.length) fact("Modality", flags.join(", "));
  if (ev.historical) fact("Time", `background (historical): ${ev.date?.value ? "dated more than a month before the report" : "told by the report as past, its date unknown; not on the timeline"}`);
  fact("Confidence", ev.confidence != null ? Number(ev.confidence).toFixed(2) : "");
  fact("Event id", ev.event_id);
  if (ev.cluster) {
    const c = ev.cluster;
    dl.append(el("dt", { text: "Real-world event" }), el("dd", {},
      el("a", { href: clusterHref(c.cluster_id), onclick: (e) => { e.preventDefault(); openClusterView(c.cluster_id); } },
        `${c.n_events} report${c.n_events === 1 ? "" : "s"} in ${c.n_articles} article${c.n_articles === 1 ? "" : "s"}, ${c.independent_sources} independent source${c.independent_sources === 1 ? "" : "s"}${c.n_contradictions ? `, ${c.n_contradictions} disagreement${c.n_contradictions === 1 ? "" : "s"}` : ""}`)));
  }

  const legend = el("ul", { class: "hl-legend", "aria-label": "Highlight colours" },
    ...Object.entries(ROLE_LABELS).filter(([role]) => detail.spans.some((s) => s.role === role))
      .map(([role, label]) => el("li", {}, el("mark", { class: `hl hl-${role}` }, label))));

  const meta = el("p", { class: "muted" },
    `${art.source || "unknown source"}${art.published ? ` · published ${art.published}` : ""}`,
    art.url ? " · " : null, art.url ? el("a", { href: art.url, rel: "noopener noreferrer" }, "original") : null);

  const warnings = (art.warnings || []).length
    ? el("div", { class: "warnings", role: "note" }, el("strong", { text: "Article warnings" }),
      el("ul", {}, ...(art.warnings || []).map((w) => el("li", { text: w }))))
    : null;
  const tags = (art.tags || []).length ? el("p", { class: "muted" }, "Tags: ", ...(art.tags || []).map((t) => el("span", { class: "tag", text: t }))) : null;

  const text = renderText(art.text || "", detail.spans, art.caption_spans || [], artResp.events, ev.event_id, [ev.start, ev.end]);
  const removed = (art.removed || []).length
    ? el("details", { class: "removed" }, el("summary", { text: `Removed debris (${art.removed.length} lines)` }),
      el("ul", {}, ...art.removed.map((r) => el("li", {}, el("code", { text: r })))))
    : null;
  const others = artResp.events.filter((e) => e.event_id !== ev.event_id);
  const otherList = others.length
    ? el("div", {}, el("h3", { text: `Other events in this article (${others.length})` }),
      el("ul", { class: "others" }, ...others.map((o) => el("li", {},
        el("a", { href: eventHref(o.event_id), onclick: (e) => { e.preventDefault(); selectEvent(o.event_id); } },
          `${o.type}: ${o.trigger?.text || ""}${o.negated ? " (negated)" : ""}${o.hypothetical ? " (hypothetical)" : ""}`)))))
    : null;

  $("#detail-body").replaceChildren(...[
    dl,
    el("h3", {}, art.title || "(untitled article)"),
    meta, tags, warnings,
    el("h4", { text: "Cleaned article text" }),
    legend,
    text,
    removed,
    otherList,
  ].filter(Boolean));
}

function renderText(text, spans, captionSpans, events, selectedId, sentence = null) {
  // Cut the text at every span boundary; each piece gets the roles covering it.
  const marks = spans.map((s) => ({ ...s, kind: "role" }));
  for (const e of events) {
    if (e.event_id === selectedId || !e.trigger) continue;
    marks.push({ role: "other", start: e.trigger.start, end: e.trigger.end, event_id: e.event_id, kind: "other" });
  }
  for (const [a, b] of captionSpans) marks.push({ role: "caption", start: a, end: b, kind: "caption" });
  const cuts = new Set([0, text.length]);
  const inSentence = (a, b) => sentence && Number.isInteger(sentence[0]) && a >= sentence[0] && b <= sentence[1];
  if (sentence && Number.isInteger(sentence[0])) { cuts.add(Math.max(0, sentence[0])); cuts.add(Math.min(text.length, sentence[1])); }
  for (const m of marks) {
    if (m.start >= 0 && m.end <= text.length && m.start < m.end) { cuts.add(m.start); cuts.add(m.end); }
  }
  const pts = [...cuts].sort((a, b) => a - b);
  const box = el("div", { class: "article-text", id: "article-text" });
  const priority = ["trigger", "source_actor", "target_actor", "location", "date", "reported_by", "other"];
  for (let i = 0; i < pts.length - 1; i++) {
    const a = pts[i], b = pts[i + 1];
    const piece = text.slice(a, b);
    const cover = marks.filter((m) => m.start <= a && m.end >= b && m.start < m.end);
    const caption = cover.some((m) => m.kind === "caption");
    const roles = priority.filter((r) => cover.some((m) => m.role === r));
    let node;
    if (roles.length && roles[0] !== "other") {
      node = el("mark", { class: `hl hl-${roles[0]}`, dataset: { role: roles[0], roles: roles.join(" ") }, title: roles.map((r) => ROLE_LABELS[r] || r).join(", ") }, piece);
    } else if (roles[0] === "other") {
      const o = cover.find((m) => m.role === "other");
      node = el("a", { href: eventHref(o.event_id), class: "other-trigger", title: "Another event: open it", onclick: (e) => { e.preventDefault(); selectEvent(o.event_id); } }, piece);
    } else node = document.createTextNode(piece);
    if (caption) node = el("span", { class: "caption", title: "Photo caption (not coded)" }, node);
    if (inSentence(a, b)) node = el("span", { class: "sentence" }, node);
    box.append(node);
  }
  return box;
}

// -- actor and place pickers: suggestions with counts, and what the filter matched -------
const suggestTimers = {};
function suggest(kind) {
  clearTimeout(suggestTimers[kind]);
  suggestTimers[kind] = setTimeout(async () => {
    const q = $(`#f-${kind}`).value.trim();
    const list = $(`#${kind}-options`);
    if (!q) { list.replaceChildren(); return; }
    try {
      const res = await api(kind === "actor" ? "/api/actors" : "/api/places", new URLSearchParams({ q, limit: 12 }));
      list.replaceChildren(...res.items.map((it) => el("option", {
        value: it.name,
        label: kind === "actor"
          ? `${it.name} — ${it.count} events (source ${it.as_source}, target ${it.as_target})`
          : `${it.name}${it.country ? `, ${it.country}` : ""} — ${it.count} events${it.precision !== "point" ? ` (${PRECISION_LABELS[it.precision]})` : ""}${it.matched && it.matched !== it.name ? ` — spelled “${it.matched}”` : ""}`,
      })));
    } catch (err) { /* suggestions are optional */ }
  }, 200);
}

async function explainSearch() {
  const f = state.filters;
  $("#actor-hint").textContent = "";
  $("#place-hint").textContent = "";
  if (f.actor) {
    try {
      const res = await api("/api/actors", new URLSearchParams({ q: f.actor, limit: 5 }));
      const names = res.resolved || [];
      const counts = Object.fromEntries(res.items.map((it) => [it.name, it]));
      $("#actor-hint").textContent = names.length
        ? `Matches ${names.map((n) => `${n}${counts[n] ? ` (${counts[n].count})` : ""}`).join(", ")}`
        : `No known actor is called “${f.actor}”`;
    } catch (err) { $("#actor-hint").textContent = err.message; }
  }
  if (f.place) {
    try {
      const res = await api("/api/places", new URLSearchParams({ q: f.place, limit: 5 }));
      const exact = res.items.filter((it) => it.matched && it.matched.toLowerCase() === f.place.toLowerCase());
      $("#place-hint").textContent = exact.length
        ? `Matches ${exact.map((it) => `${it.name}${it.country ? `, ${it.country}` : ""} (${it.count})`).join("; ")}${f.radius_km ? ` and anything within ${f.radius_km} km` : ""}`
        : `No place in these events is called “${f.place}”${f.radius_km ? `; searching within ${f.radius_km} km of the gazetteer's ${f.place}` : ""}`;
    } catch (err) { $("#place-hint").textContent = err.message; }
  }
}

// -- cluster view: one real-world event, its sources side by side ---------------------------
const FIELD_LABELS = { type: "Type", acled_sub_event_type: "ACLED sub-event type", source_actor: "Source actor", target_actor: "Target actor", location: "Place", country: "Country", date: "Date" };
const CONTRA_LABELS = { outcome: "Outcome", casualties: "Casualties", date: "Date", perpetrator: "Perpetrator", control: "Control of territory" };
const CLAIM_TEXT = { complete: "completed (e.g. “took complete control”)", ongoing: "still going on (e.g. “fighting continuing”)" };

async function openClusterView(id, push = true) {
  if (!id) return;
  state.cluster = id;
  state.event = null;
  if (push) writeUrl(true);
  const panel = $("#detail");
  panel.hidden = false;
  $("#detail-body").replaceChildren(el("p", { text: "Loading…" }));
  try {
    const k = (await api(`/api/clusters/${encodeURIComponent(id)}`)).cluster;
    renderCluster(k);
    const located = (k.events || []).find((e) => e.location && e.location.lat != null);
    if (located) showSelectedOnMap(located);
    panel.scrollTop = 0;
    panel.focus({ preventScroll: true });
  } catch (err) {
    $("#detail-title").textContent = "Real-world event";
    $("#detail-body").replaceChildren(el("p", { class: "error", text: err.message }));
  }
}

function eventLink(eventId, label) {
  return el("a", { href: eventHref(eventId), onclick: (e) => { e.preventDefault(); selectEvent(eventId); } }, label);
}

function renderCluster(k) {
  const f = k.fields || {};
  $("#detail-title").textContent = `Real-world event: ${k.type || "?"}${f.location ? ` — ${f.location.value}` : ""}${f.date ? `, ${f.date.value}` : ""}`;
  const dl = el("dl", { class: "facts" });
  const fact = (key, v) => { if (v !== null && v !== undefined && v !== "") dl.append(el("dt", { text: key }), el("dd", {}, v)); };
  const nArt = (k.article_ids || []).length;
  fact("Reports", `${(k.event_ids || []).length} in ${nArt} article${nArt === 1 ? "" : "s"} (${(k.outlets || []).join(", ") || "unknown outlet"})`);
  fact("Independent sources", `${k.independent_sources}: ${(k.voices || []).join("; ")}`);
  fact("Confidence", k.confidence != null ? `${Number(k.confidence).toFixed(2)} (grows with each independent source)` : "");
  fact("First reported", k.first_reported || "");
  fact("Last reported", k.last_reported || "");
  fact("Cluster id", k.cluster_id);

  const fields = el("table", { class: "kv" },
    el("caption", { text: "What the reports say, merged (the value most sources give)" }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Field" }), el("th", { scope: "col", text: "Value" }), el("th", { scope: "col", text: "Sources agreeing" }))),
    el("tbody", {}, ...Object.entries(FIELD_LABELS).filter(([name]) => f[name]).map(([name, label]) =>
      el("tr", {}, el("th", { scope: "row", text: label }), el("td", { text: String(f[name].value) }), el("td", { text: `${f[name].agree} of ${f[name].of}` })))));

  const sources = el("table", { class: "kv sources" },
    el("caption", { text: "Sources, in order of publication" }),
    el("thead", {}, el("tr", {}, ...["Published", "Outlet", "Reported by", "Article", "Report", "Counts as"].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...(k.sources || []).map((s) => el("tr", { class: s.independent ? "independent" : "repeat" },
      el("td", { text: s.published || "" }),
      el("td", { text: s.outlet || "" }),
      el("td", { text: s.reported_by || "" }),
      el("td", {}, s.url ? el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, s.title || s.url) : s.title || s.article_id),
      el("td", {}, eventLink(s.event_id, "open")),
      el("td", { text: s.independent ? "independent source" : `repeats ${s.reported_by}` })))));

  const copies = (k.copies || []).length
    ? el("table", { class: "kv copies" },
      el("caption", { text: `Syndicated copies (${k.copies.length}): same text, not coded, not counted` }),
      el("thead", {}, el("tr", {}, ...["Published", "Outlet", "Article", "Copy of"].map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, ...k.copies.map((c) => {
        const orig = (k.sources || []).find((s) => s.article_id === c.duplicate_of);
        return el("tr", {}, el("td", { text: c.published || "" }), el("td", { text: c.outlet || "" }),
          el("td", {}, c.url ? el("a", { href: c.url, rel: "noopener noreferrer", target: "_blank" }, c.title || c.url) : c.title || c.article_id),
          el("td", { text: orig ? `${orig.outlet || ""}: ${orig.title || orig.article_id}` : c.duplicate_of }));
      })))
    : el("p", { class: "muted", text: "No syndicated copies of these articles were found." });

  const contra = (k.contradictions || []);
  const disagreements = contra.length
    ? el("div", { class: "contradictions" }, ...contra.map((c) => el("section", { class: "contra", "aria-label": `Disagreement on ${CONTRA_LABELS[c.field] || c.field}` },
      el("h4", { text: `${CONTRA_LABELS[c.field] || c.field}: ${c.claims.length} claims` }),
      el("div", { class: "sides" }, ...c.claims.map((cl) => el("div", { class: "side" },
        el("p", { class: "claim" }, el("strong", { text: String(CLAIM_TEXT[cl.value] || cl.value) })),
        el("p", { class: "who" }, "said by ", el("strong", { text: cl.said_by || "?" }), cl.outlet ? ` · in ${cl.outlet}` : ""),
        cl.quote ? el("blockquote", { text: cl.quote }) : null,
        el("p", {}, eventLink(cl.event_id, "open this report"))))))))
    : el("p", { class: "muted", text: "The sources do not contradict one another on outcome, casualties, dates or perpetrators." });

  const events = el("ul", { class: "others" }, ...(k.events || []).map((o) => el("li", {},
    eventLink(o.event_id, `${o.type}: ${o.trigger?.text || ""}${o.location?.name ? ` — ${o.location.name}` : ""}${o.date?.value ? ` (${o.date.value})` : ""}`))));

  $("#detail-body").replaceChildren(dl,
    el("h3", { text: contra.length ? `Where the sources disagree (${contra.length})` : "Where the sources disagree" }), disagreements,
    el("h3", { text: "Sources" }), sources, copies,
    el("h3", { text: "Merged record" }), fields,
    el("h3", { text: `Reports (${(k.events || []).length})` }), events);
}

// -- real-world events reported more than once ------------------------------------------------
let clusterOffset = 0;
async function loadClusters(append) {
  if (!append) clusterOffset = 0;
  const params = new URLSearchParams({ limit: 25, offset: clusterOffset, min_sources: 2 });
  if ($("#k-contra").checked) params.set("contradicted", "true");
  try {
    const res = await api("/api/clusters", params);
    const ul = $("#cluster-list");
    if (!append) ul.replaceChildren();
    for (const k of res.items) {
      const f = k.fields || {};
      ul.append(el("li", {},
        el("button", { type: "button", class: "linkish", onclick: () => openClusterView(k.cluster_id) },
          `${k.type || "?"}${f.location ? ` — ${f.location.value}` : ""}${f.date ? `, ${f.date.value}` : ""}`),
        el("span", { class: "muted", text: ` — ${k.event_ids.length} reports, ${k.independent_sources} independent sources (${(k.outlets || []).join(", ")})` }),
        (k.contradictions || []).length ? el("span", { class: "disagree", text: ` ${(k.contradictions || []).length} disagreement${k.contradictions.length === 1 ? "" : "s"}` }) : null));
    }
    clusterOffset += res.items.length;
    $("#k-more").hidden = clusterOffset >= res.total;
    $("#k-status").textContent = state.clustered
      ? `${res.total} real-world event${res.total === 1 ? "" : "s"} with two or more independent sources${$("#k-contra").checked ? " that disagree" : ""}.`
      : "No clusters in this database: run “eventcoder clusters --db FILE” to group the reports of each real-world event.";
  } catch (err) { $("#k-status").textContent = err.message; }
}

function drawCountBy() {
  for (const r of document.querySelectorAll('#count-by input[name="count_by"]')) r.checked = r.value === state.countBy;
  $("#count-note").textContent = state.clustered
    ? ""
    : "This database has no clusters yet (eventcoder clusters --db FILE): every report counts alone.";
}

// -- article browser ------------------------------------------------------------------------
let articleTimer = null;
let articleCursor = null;
async function loadArticles(append) {
  const q = $("#a-q").value.trim();
  const params = new URLSearchParams({ limit: 25 });
  if (q) params.set("q", q);
  if (append && articleCursor) params.set("cursor", articleCursor);
  try {
    const res = await api("/api/articles", params);
    const ul = $("#article-list");
    if (!append) ul.replaceChildren();
    for (const a of res.items) {
      ul.append(el("li", {}, el("button", { type: "button", class: "linkish", onclick: () => openArticle(a.id) }, a.title || "(untitled)"),
        el("span", { class: "muted", text: ` — ${a.source || "unknown outlet"}${a.published ? `, ${a.published}` : ""}; ${a.n_events ?? 0} events${a.status === "skipped" ? ` (skipped: ${a.skip_reason})` : ""}` })));
    }
    articleCursor = res.next_cursor;
    $("#a-more").hidden = !res.next_cursor;
    $("#a-status").textContent = `${res.total} article${res.total === 1 ? "" : "s"}${q ? ` with “${q}” in the title` : ""}.`;
  } catch (err) { $("#a-status").textContent = err.message; }
}

async function openArticle(id) {
  const panel = $("#detail");
  panel.hidden = false;
  $("#detail-body").replaceChildren(el("p", { text: "Loading…" }));
  try {
    const res = await api(`/api/articles/${encodeURIComponent(id)}`);
    const art = res.article;
    $("#detail-title").textContent = art.title || "(untitled article)";
    const meta = el("p", { class: "muted" }, `${art.source || "unknown outlet"}${art.published ? ` · published ${art.published}` : ""}`,
      art.url ? " · " : null, art.url ? el("a", { href: art.url, rel: "noopener noreferrer", target: "_blank" }, "original") : null);
    const events = el("ul", { class: "others" }, ...res.events.map((o) => el("li", {},
      el("a", { href: eventHref(o.event_id), onclick: (e) => { e.preventDefault(); selectEvent(o.event_id); } },
        `${o.type}: ${o.trigger?.text || ""}${o.location?.name ? ` — ${o.location.name}` : ""}${o.date?.value ? ` (${o.date.value})` : ""}`))));
    const spans = res.events.filter((e) => e.trigger).map((e) => ({ role: "trigger", start: e.trigger.start, end: e.trigger.end }));
    $("#detail-body").replaceChildren(meta, el("h3", { text: `Events in this article (${res.events.length})` }), events,
      el("h4", { text: "Cleaned article text" }), renderText(art.text || "", spans, art.caption_spans || [], [], null));
    panel.focus({ preventScroll: true });
  } catch (err) {
    $("#detail-body").replaceChildren(el("p", { class: "error", text: err.message }));
  }
}

// -- glue ---------------------------------------------------------------------------------
let refreshId = 0;
async function refresh() {
  const id = ++refreshId;
  state.cursor = null;
  const p = filterParams().toString();
  $("#export-csv").href = `/api/export.csv${p ? `?${p}` : ""}`;
  $("#export-geojson").href = `/api/export.geojson${p ? `?${p}` : ""}`;
  $("#export-acled").href = `/api/export.acled.csv${p ? `?${p}` : ""}`;
  $("#export-parquet").href = `/api/export.parquet${p ? `?${p}` : ""}`;
  explainSearch();
  setStatus("Loading…");
  try {
    await Promise.all([loadEvents(false, id), loadFacets(id), loadMap()]);
  } catch (err) {
    if (id === refreshId) { setStatus(err.message, true); showUrlProblems([`the server refused the filter: ${err.message}`]); }
  }
  document.body.dataset.ready = "true";
}

async function loadInfo() {
  try {
    const h = await api("/api/health");
    state.clustered = h.counts.clusters != null;
    $("#db-info").textContent = `${h.database}: ${h.counts.events} events${state.clustered ? ` (${h.counts.clusters} real-world events)` : ""} from ${h.counts.articles} articles${h.read_only ? " · read-only" : ""}`;
    drawCountBy();
  } catch (err) {
    $("#db-info").textContent = err.message;
  }
}

function init() {
  readUrl();
  buildTypeOptions();
  fillForm();
  initMap();
  const form = $("#filters");
  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("input", (e) => {
    if (e.target.id === "f-conf") $("#f-conf-out").textContent = Number(e.target.value).toFixed(2);
    if (e.target.type === "search" || e.target.type === "range") onFormChange(false);
  });
  form.addEventListener("change", (e) => { if (e.target.type !== "search") onFormChange(true); });
  $("#reset").addEventListener("click", () => { state.filters = {}; fillForm(); writeUrl(true); refresh(); });
  $("#tl-undated-show").addEventListener("click", () => {
    state.filters = { ...state.filters, historical: "true", date_precision: ["none"] };
    delete state.filters.date_from; delete state.filters.date_to;
    fillForm(); writeUrl(true); refresh();
  });
  $("#more").addEventListener("click", () => loadEvents(true).catch((err) => setStatus(err.message, true)));
  $("#events-table").addEventListener("keydown", tableKeys);
  $("#close-detail").addEventListener("click", closeDetail);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !$("#detail").hidden) closeDetail(); });
  window.addEventListener("popstate", () => {
    readUrl();
    fillForm();
    refresh();
    drawCountBy();
    if (state.event) selectEvent(state.event, false);
    else if (state.cluster) openClusterView(state.cluster, false);
    else { $("#detail").hidden = true; selectedLayer.clearLayers(); }
  });
  window.addEventListener("resize", () => { clearTimeout(debounceTimer); debounceTimer = setTimeout(() => loadFacets().catch(() => {}), 250); });
  $("#tl-zoom").addEventListener("click", () => {
    if (!(state.filters.date_from && state.filters.date_to)) return;
    state.window = [state.filters.date_from, state.filters.date_to];
    writeUrl(true);
    loadFacets().catch((err) => setStatus(err.message, true));
  });
  $("#tl-reset").addEventListener("click", () => { state.window = null; writeUrl(true); loadFacets().catch((err) => setStatus(err.message, true)); });
  $("#f-actor").addEventListener("input", () => suggest("actor"));
  $("#f-place").addEventListener("input", () => suggest("place"));
  $("#a-q").addEventListener("input", () => { clearTimeout(articleTimer); articleTimer = setTimeout(() => loadArticles(false), 300); });
  $("#a-more").addEventListener("click", () => loadArticles(true));
  for (const r of document.querySelectorAll('#count-by input[name="count_by"]')) {
    r.addEventListener("change", () => { if (r.checked) { state.countBy = r.value; writeUrl(true); refresh(); } });
  }
  $("#k-contra").addEventListener("change", () => loadClusters(false));
  $("#k-more").addEventListener("click", () => loadClusters(true));
  drawCountBy();
  // the health answer says whether the database has clusters (the status line's unit)
  loadInfo().then(() => { refresh(); loadClusters(false); });
  loadArticles(false);
  if (state.event) selectEvent(state.event, false);
  else if (state.cluster) openClusterView(state.cluster, false);
}

init();
