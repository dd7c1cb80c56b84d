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
const FILTER_KEYS = ["q", "actor", "type", "country", "acled_event_type", "source", "date_from", "date_to",
  "min_confidence", "include_negated", "include_hypothetical", "bbox"];
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
const state = { filters: {}, event: null, view: null, cursor: null, loaded: 0, total: 0 };

function readUrl() {
  const p = new URLSearchParams(location.search);
  const f = {};
  for (const k of FILTER_KEYS) {
    if (k === "type") {
      const t = p.getAll("type").flatMap((v) => v.split(",")).map((v) => v.trim().toUpperCase()).filter((v) => TYPES.includes(v));
      if (t.length) f.type = t;
    } else if (p.get(k)) f[k] = p.get(k);
  }
  state.filters = f;
  state.event = p.get("event");
  state.view = p.get("view"); // zoom/lat/lon
}

function filterParams(extra = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) {
    if (k === "type") v.forEach((t) => p.append("type", t));
    else if (v !== "" && v !== null && v !== undefined) p.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined) p.set(k, v);
  return p;
}

function writeUrl(push = true) {
  const p = filterParams();
  if (state.event) p.set("event", state.event);
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
  $("#f-from").value = f.date_from || "";
  $("#f-to").value = f.date_to || "";
  $("#f-conf").value = f.min_confidence || 0;
  $("#f-conf-out").textContent = Number(f.min_confidence || 0).toFixed(2);
  $("#f-neg").checked = f.include_negated === "true";
  $("#f-hyp").checked = f.include_hypothetical === "true";
  $("#f-bbox").checked = !!f.bbox;
  for (const sel of ["country", "acled_event_type", "source"]) {
    const s = $(`select[name="${sel}"]`);
    if (f[sel] && ![...s.options].some((o) => o.value === f[sel])) s.append(el("option", { value: f[sel], text: f[sel] }));
    s.value = f[sel] || "";
  }
  for (const cb of document.querySelectorAll('#type-options input[type="checkbox"]')) {
    cb.checked = (f.type || []).includes(cb.value);
  }
}

function readForm() {
  const f = {};
  const v = (id) => $(id).value.trim();
  if (v("#f-q")) f.q = v("#f-q");
  if (v("#f-actor")) f.actor = v("#f-actor");
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
  const legend = $("#type-legend");
  legend.replaceChildren(...TYPES.map((t) => el("span", { class: "legend-item" },
    el("span", { class: "swatch", style: `background:${TYPE_COLORS[t]}`, "aria-hidden": "true" }), t)));
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
let selectedLayer = null;
let mapRequest = 0;

function initMap() {
  map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 14, zoomSnap: 1, attributionControl: true, keyboard: true });
  map.attributionControl.setPrefix("");
  map.attributionControl.addAttribution("Basemap: Natural Earth (public domain) via world-atlas");
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
}

function drawMarkers(fc) {
  markerLayer.clearLayers();
  const map_el = $("#map");
  map_el.dataset.features = String(fc.features.length);
  map_el.dataset.total = String(fc.total);
  for (const f of fc.features) {
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties;
    const color = TYPE_COLORS[p.type] || "#555";
    const size = p.cluster ? Math.round(22 + Math.min(26, Math.log2(p.count) * 4)) : 16;
    const label = p.cluster
      ? `${p.count} events near ${lat.toFixed(2)}, ${lon.toFixed(2)}; mostly ${p.type}`
      : `${p.type}: ${p.trigger || "event"}${p.location_name ? ` in ${p.location_name}` : ""}${p.date ? ` (${p.date})` : ""}`;
    const icon = L.divIcon({
      className: `ev-marker${p.cluster ? " ev-cluster" : ""}`,
      html: p.cluster ? `<span>${p.count}</span>` : "",
      iconSize: [size, size],
    });
    const m = L.marker([lat, lon], { icon, title: label, alt: label, keyboard: true, riseOnHover: true });
    m.on("add", () => {
      const e = m.getElement();
      if (!e) return;
      e.style.background = color;
      e.dataset.lat = String(lat);
      e.dataset.lon = String(lon);
      e.dataset.type = p.type;
      e.dataset.count = String(p.count);
      if (p.event_id) e.dataset.eventId = p.event_id;
      e.setAttribute("role", "button");
      e.setAttribute("aria-label", label);
    });
    m.on("click", () => (p.cluster ? openCluster(m, p, lat, lon) : selectEvent(p.event_id)));
    markerLayer.addLayer(m);
  }
}

async function openCluster(marker, p, lat, lon) {
  const [w, s, e, n] = p.bbox;
  const eps = 1e-6;
  const bbox = [w - eps, s - eps, e + eps, n + eps].map((x) => x.toFixed(6)).join(",");
  const box = el("div", { class: "cluster-pop" }, el("p", { text: `${p.count} events here. Loading…` }));
  marker.bindPopup(box, { maxWidth: 360 }).openPopup();
  try {
    const page = await api("/api/events", filterParams({ bbox, limit: 25 }));
    const list = el("ul", { class: "cluster-list" });
    for (const ev of page.items) {
      list.append(el("li", {}, el("button", { type: "button", class: "linkish", onclick: () => selectEvent(ev.event_id) },
        el("span", { class: "swatch", style: `background:${TYPE_COLORS[ev.type] || "#555"}`, "aria-hidden": "true" }),
        `${ev.type}: ${ev.trigger?.text || ""} — ${actorName(ev.source_actor) || "?"}${ev.date?.value ? ` (${ev.date.value})` : ""}`)));
    }
    const parts = [el("p", { text: `${p.count} events${page.total > page.items.length ? ` (first ${page.items.length})` : ""}:` }), list];
    if (e - w > 1e-4 || n - s > 1e-4) {
      parts.push(el("button", { type: "button", onclick: () => map.fitBounds([[s, w], [n, e]], { maxZoom: 12, padding: [30, 30] }) }, "Zoom in"));
    }
    box.replaceChildren(...parts);
    marker.getPopup().update();
  } catch (err) {
    box.replaceChildren(el("p", { text: err.message }));
  }
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
  $("#timeline-caption").textContent = `Events per ${facets.interval} — drag across the bars to filter by date (or use the From/To fields)`;
  if (!data.length) {
    const t = mk("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "tl-empty" });
    t.textContent = "No dated events";
    svg.append(t);
    return;
  }
  const day = (s) => Date.parse(`${s}T00:00:00Z`) / 86400000;
  const step = facets.interval === "day" ? 1 : facets.interval === "week" ? 7 : 30.44;
  const d0 = day(data[0].date), d1 = day(data[data.length - 1].date) + step;
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
  lab(data[0].date, padL, "start");
  lab(data[data.length - 1].date, W - 8, "end");
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

function eventRow(ev) {
  const loc = ev.location;
  const flags = [ev.negated ? "negated" : null, ev.hypothetical ? "hypothetical" : null].filter(Boolean).join(", ");
  const tr = el("tr", { tabindex: "-1", dataset: { eventId: ev.event_id }, "aria-selected": ev.event_id === state.event ? "true" : "false" },
    el("td", { text: ev.date?.value || ev.article?.published || "" }),
    el("td", {}, el("span", { class: "swatch", style: `background:${TYPE_COLORS[ev.type] || "#555"}`, "aria-hidden": "true" }), ev.type,
      flags ? el("span", { class: "flag", text: ` (${flags})` }) : null),
    el("td", { text: actorName(ev.source_actor) }),
    el("td", { text: actorName(ev.target_actor) }),
    el("td", { text: loc ? loc.name || loc.text || "" : "" }),
    el("td", {}, el("a", { href: eventHref(ev.event_id), class: "trigger-link", onclick: (e) => { e.preventDefault(); selectEvent(ev.event_id); } }, ev.trigger?.text || "(event)")),
    el("td", { text: (ev.reported_by || []).map((r) => r.name || r.text).join("; ") }),
    el("td", { text: ev.confidence != null ? Number(ev.confidence).toFixed(2) : "" }));
  tr.addEventListener("click", (e) => { if (e.target.tagName !== "A") selectEvent(ev.event_id); });
  return tr;
}

function eventHref(id) {
  const p = filterParams();
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

async function loadEvents(append = false) {
  const params = filterParams({ limit: PAGE, cursor: append ? state.cursor : null });
  const page = await api("/api/events", params);
  const tbody = $("#events-table tbody");
  if (!append) { tbody.replaceChildren(); state.loaded = 0; }
  for (const ev of page.items) tbody.append(eventRow(ev));
  const first = tbody.querySelector("tr");
  if (first && !tbody.querySelector('tr[tabindex="0"]')) first.tabIndex = 0;
  state.loaded += page.items.length;
  state.total = page.total;
  state.cursor = page.next_cursor;
  $("#more").hidden = !page.next_cursor;
  setStatus(`${page.total} event${page.total === 1 ? "" : "s"} match the filters${page.total > state.loaded ? ` (showing ${state.loaded})` : ""}.`);
}

// -- facets -------------------------------------------------------------------------------
async function loadFacets() {
  const facets = await api("/api/facets", filterParams());
  const counts = Object.fromEntries(facets.types.map((b) => [b.value, b.count]));
  for (const t of TYPES) $(`#tc-${t}`).textContent = counts[t] ? `(${counts[t]})` : "";
  setSelectOptions($("#f-country"), facets.countries, "Any country");
  setSelectOptions($("#f-acled"), facets.acled_event_types, "Any ACLED type");
  setSelectOptions($("#f-source"), facets.sources, "Any source");
  fillForm();
  drawTimeline(facets);
}

// -- event / article view -----------------------------------------------------------------
async function selectEvent(id, push = true) {
  if (!id) return;
  state.event = id;
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
    panel.focus();
  } catch (err) {
    $("#detail-body").replaceChildren(el("p", { class: "error", text: err.message }));
  }
}

function closeDetail() {
  state.event = null;
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
  if (!map.getBounds().contains([loc.lat, loc.lon])) map.panTo([loc.lat, loc.lon]);
}

function renderDetail(detail, artResp) {
  const ev = detail.event;
  const art = artResp.article;
  $("#detail-title").textContent = `${ev.type}${ev.mode ? ` (${ev.mode})` : ""}: ${ev.trigger?.text || ""}`;
  const dl = el("dl", { class: "facts" });
  const fact = (k, v) => { if (v) dl.append(el("dt", { text: k }), el("dd", {}, v)); };
  const actor = (a) => (a ? `${a.name || a.text}${a.name && a.text && a.name !== a.text ? ` (“${a.text}”)` : ""}${a.country ? ` [${a.country}${a.sector ? `/${a.sector}` : ""}]` : ""}` : "");
  fact("Source actor", actor(ev.source_actor));
  fact("Target actor", actor(ev.target_actor));
  const loc = ev.location;
  if (loc) fact("Place", `${loc.name || loc.text}${loc.country ? `, ${loc.country}` : ""}${loc.lat != null ? ` (${loc.lat.toFixed(3)}, ${loc.lon.toFixed(3)})` : ""} — from the ${loc.basis || "sentence"}`);
  if (ev.date?.value) fact("Date", `${ev.date.value} (${ev.date.precision || "?"}${ev.date.text ? `, “${ev.date.text}”` : ""})`);
  fact("Reported by", (ev.reported_by || []).map((r) => r.name || r.text).join("; "));
  if (ev.acled) fact("ACLED", `${ev.acled.event_type} / ${ev.acled.sub_event_type}`);
  const flags = [ev.negated ? "negated" : null, ev.hypothetical ? "hypothetical" : null].filter(Boolean);
  if (flags.length) fact("Modality", flags.join(", "));
  fact("Confidence", ev.confidence != null ? Number(ev.confidence).toFixed(2) : "");
  fact("Event id", ev.event_id);

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

  const text = renderText(art.text || "", detail.spans, art.caption_spans || [], artResp.events, ev.event_id);
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

function renderText(text, spans, captionSpans, events, selectedId) {
  // Cut the text at every span boundary; each piece gets the roles covering it.
  const marks = spans.map((s) => ({ ...s, kind: "role" }));
  for (const e of events) {
    if (e.event_id === selectedId || !e.trigger) continue;
    marks.push({ role: "other", start: e.trigger.start, end: e.trigger.end, event_id: e.event_id, kind: "other" });
  }
  for (const [a, b] of captionSpans) marks.push({ role: "caption", start: a, end: b, kind: "caption" });
  const cuts = new Set([0, text.length]);
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
    box.append(node);
  }
  return box;
}

// -- glue ---------------------------------------------------------------------------------
let refreshId = 0;
async function refresh() {
  const id = ++refreshId;
  state.cursor = null;
  const p = filterParams().toString();
  $("#export-csv").href = `/api/export.csv${p ? `?${p}` : ""}`;
  $("#export-geojson").href = `/api/export.geojson${p ? `?${p}` : ""}`;
  setStatus("Loading…");
  try {
    await Promise.all([loadEvents(false), loadFacets(), loadMap()]);
  } catch (err) {
    if (id === refreshId) setStatus(err.message, true);
  }
  document.body.dataset.ready = "true";
}

async function loadInfo() {
  try {
    const h = await api("/api/health");
    $("#db-info").textContent = `${h.database}: ${h.counts.events} events from ${h.counts.articles} articles${h.read_only ? " · read-only" : ""}`;
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
  $("#more").addEventListener("click", () => loadEvents(true).catch((err) => setStatus(err.message, true)));
  $("#events-table").addEventListener("keydown", tableKeys);
  $("#close-detail").addEventListener("click", closeDetail);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !$("#detail").hidden) closeDetail(); });
  window.addEventListener("popstate", () => {
    readUrl();
    fillForm();
    refresh();
    if (state.event) selectEvent(state.event, false); else { $("#detail").hidden = true; selectedLayer.clearLayers(); }
  });
  window.addEventListener("resize", () => { clearTimeout(debounceTimer); debounceTimer = setTimeout(() => loadFacets().catch(() => {}), 250); });
  loadInfo();
  refresh();
  if (state.event) selectEvent(state.event, false);
}

init();
