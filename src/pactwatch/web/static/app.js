// pactwatch dashboard: wires the filters, the network, the dyad view, the
// evidence panel and the event table together. No framework and no build step:
// the modules under js/ are plain ES modules served with the package.

import { getArticle, getJSON } from "./js/api.js";
import { button, dateRange, el, partiesLabel, replace, typeChip } from "./js/dom.js";
import { openArticle, showEvidence } from "./js/evidence.js";
import { edgeId, edgeSource, edgeTarget, highlight, renderNetwork } from "./js/network.js";
import { createEventTable } from "./js/table.js";
import { renderTimeline } from "./js/timeline.js";
import { EVENT_TYPES, STAGES, typeColor, typeLabel } from "./js/types.js";

const $ = (selector) => document.querySelector(selector);

const names = new Map(); // code -> name, learnt from every network answer
const nameOf = (code) => names.get(code) ?? code;
let network = { nodes: [], edges: [] };
let selection = null; // {edge} or {node}: what the details panel shows

function showError(message) {
  const status = $("#status");
  status.hidden = !message;
  status.textContent = message ? `Error: ${message}` : "";
}

// ---- filters ---------------------------------------------------------------

/** The filters every view shares; all types checked means no type filter. */
function currentFilters() {
  const checked = [...document.querySelectorAll("#legend input:checked")].map((box) => box.value);
  return {
    type: checked.length === EVENT_TYPES.length ? [] : checked,
    stage: $("#stage").value,
    since: $("#since").value,
    until: $("#until").value,
  };
}

function buildLegend() {
  const items = EVENT_TYPES.map((type) =>
    el(
      "li",
      {},
      el(
        "label",
        { title: `Show ${typeLabel(type)} events` },
        el("input", { type: "checkbox", value: type, checked: true }),
        el("span", { class: "swatch", cssVars: { "--swatch": typeColor(type) } }),
        typeLabel(type),
      ),
    ),
  );
  replace($("#legend"), items);
}

function buildStageOptions() {
  const options = STAGES.map((stage) => el("option", { value: stage }, stage));
  replace($("#stage"), el("option", { value: "" }, "any stage"), options);
}

function wireFilters(onChange) {
  $("#filters").addEventListener("submit", (event) => event.preventDefault());
  $("#filters").addEventListener("change", (event) => {
    // Unchecking the last type would show nothing at all: keep one.
    if (event.target.type === "checkbox" && !document.querySelector("#legend input:checked")) {
      event.target.checked = true;
      return;
    }
    onChange();
  });
  $("#reset-filters").addEventListener("click", () => {
    $("#filters").reset();
    onChange();
  });
}

// ---- network ---------------------------------------------------------------

let networkRequests = 0; // answers to superseded filter settings are dropped

async function loadNetwork() {
  const asked = ++networkRequests;
  try {
    const answer = await getJSON("network", currentFilters());
    if (asked !== networkRequests) return;
    network = answer;
    showError(null);
  } catch (error) {
    if (asked === networkRequests) showError(error.message);
    return;
  }
  for (const node of network.nodes) names.set(node.id, node.label);
  renderNetwork($("#network"), network, { nameOf, onEdge: selectEdge, onNode: selectNode });
  $("#network-empty").hidden = network.nodes.length > 0;
  $("#network-summary").textContent =
    `${network.nodes.length} parties · ${network.edges.length} pairs`;
  restoreHighlight();
}

function restoreHighlight() {
  highlight($("#network"), selection ?? {});
}

// ---- details: overview, node, dyad -----------------------------------------

function pairButton(edge) {
  return el(
    "li",
    {},
    button(`${nameOf(edgeSource(edge))} – ${nameOf(edgeTarget(edge))}`, () => selectEdge(edge), {
      class: "link pair",
      "data-id": edgeId(edge),
    }),
    ` ${edge.weight} · `,
    typeChip(edge.dominant_type, typeColor(edge.dominant_type), typeLabel(edge.dominant_type)),
  );
}

function showOverview() {
  const busiest = [...network.edges].sort((x, y) => y.weight - x.weight).slice(0, 8);
  replace(
    $("#details"),
    el("h2", {}, "Pairs"),
    el(
      "p",
      { class: "muted" },
      "Click an edge (or a pair below) to see its timeline, incidents and evidence.",
    ),
    el("ol", { class: "pairs" }, busiest.map(pairButton)),
  );
}

function selectNode(node) {
  selection = { node: node.id };
  restoreHighlight();
  const edges = network.edges
    .filter((edge) => edgeSource(edge) === node.id || edgeTarget(edge) === node.id)
    .sort((x, y) => y.weight - x.weight);
  replace(
    $("#details"),
    el("h2", {}, node.label),
    el("p", { class: "meta" }, `${node.kind} · ${node.events} events · ${edges.length} partners`),
    el("ol", { class: "pairs" }, edges.map(pairButton)),
  );
  $("#evidence").hidden = true;
  table.setScope({ country: node.id, with: "", label: node.label });
}

function incidentItem(incident, onOpen) {
  const reports = incident.reports ?? [];
  const sources = incident.n_articles ?? new Set(reports.map((r) => r.article_id)).size;
  return el(
    "li",
    {},
    el(
      "button",
      {
        type: "button",
        class: "incident",
        "data-incident-id": incident.incident_id,
        "data-type": incident.type,
        onclick: (event) => onOpen(incident, event.currentTarget),
      },
      typeChip(incident.type, typeColor(incident.type), typeLabel(incident.type)),
      el("span", { class: "parties" }, partiesLabel(incident, nameOf)),
      el("span", { class: "stage" }, incident.stage),
      el("span", { class: "date" }, dateRange(incident.date_start, incident.date_end)),
      el("span", { class: "sources" }, `${sources} ${sources === 1 ? "source" : "sources"}`),
    ),
  );
}

function openIncident(incident, button) {
  for (const other of document.querySelectorAll("#incidents .incident")) {
    other.classList.toggle("selected", other === button);
  }
  const heading = el(
    "h3",
    {},
    typeChip(incident.type, typeColor(incident.type), typeLabel(incident.type)),
    ` ${partiesLabel(incident, nameOf)} · ${incident.stage} · `,
    dateRange(incident.date_start, incident.date_end),
  );
  showEvidence($("#evidence"), heading, incident.reports ?? []);
}

async function selectEdge(edge) {
  selection = { edge };
  restoreHighlight();
  const [a, b] = [edgeSource(edge), edgeTarget(edge)];
  const title = `${nameOf(a)} – ${nameOf(b)}`;
  const loading = el("li", { class: "muted" }, "Loading…");
  const list = el("ol", { id: "incidents", class: "incidents" }, loading);
  replace(
    $("#details"),
    el("h2", { id: "dyad-title", "data-a": a, "data-b": b }, title),
    el("p", { id: "dyad-summary", class: "meta" }, dyadSummary(edge, null)),
    el("div", { id: "timeline-box" }),
    el("p", { id: "undated", class: "muted", hidden: true }),
    el("h3", {}, "Incidents"),
    list,
  );
  // An <svg> made by createElement("svg") would be an HTML element: build it in the SVG namespace.
  const chart = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  chart.id = "timeline";
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", `Events per month by type, ${title}`);
  $("#timeline-box").append(chart);
  $("#evidence").hidden = true;
  table.setScope({ country: a, with: b, label: title });
  const filters = currentFilters();
  try {
    const [months, incidents, dyads] = await Promise.all([
      getJSON("timeline", { a, b, ...filters }),
      getJSON("incidents", { country: a, with: b, ...filters, limit: 500 }),
      getJSON("dyads", { country: a, with: b, ...filters, limit: 1 }),
    ]);
    if (selection?.edge !== edge) return; // another selection came first
    if (dyads.items.length) $("#dyad-summary").textContent = dyadSummary(edge, dyads.items[0]);
    renderTimeline(chart, months.months);
    const dated = months.months.reduce((sum, month) => sum + (month.total ?? 0), 0);
    const undated = edge.weight - dated;
    const note = $("#undated");
    note.hidden = undated <= 0;
    const verb = undated === 1 ? "event is" : "events are";
    note.textContent = `${undated} undated ${verb} not on the timeline.`;
    const items = incidents.items.map((incident) => incidentItem(incident, openIncident));
    replace(list, items.length ? items : el("li", { class: "muted" }, "No incidents."));
    showError(null);
  } catch (error) {
    showError(error.message);
  }
}

/** "18 events · 2019-06-01 to 2022-12-10 · Iran → Russia 7 · Russia → Iran 6" (dyad optional). */
function dyadSummary(edge, dyad) {
  const parts = [`${edge.weight} ${edge.weight === 1 ? "event" : "events"}`];
  if (dyad?.first_date) parts.push(`${dyad.first_date} to ${dyad.last_date}`);
  if (dyad) {
    const [a, b] = [nameOf(dyad.a), nameOf(dyad.b)];
    parts.push(`${a} → ${b} ${dyad.n_a_to_b}`, `${b} → ${a} ${dyad.n_b_to_a}`);
  }
  return parts.join(" · ");
}

/** Reopen what was selected with the new filters (or go back to the overview). */
async function refreshSelection() {
  if (selection?.edge) {
    const same = network.edges.find((edge) => edgeId(edge) === edgeId(selection.edge));
    if (same) return selectEdge(same);
  } else if (selection?.node) {
    const same = network.nodes.find((node) => node.id === selection.node);
    if (same) return selectNode(same);
  }
  selection = null;
  restoreHighlight();
  $("#evidence").hidden = true;
  showOverview();
  return table.setScope(null);
}

// ---- table callbacks and start-up -------------------------------------------

async function eventEvidence(event) {
  const heading = el(
    "h3",
    {},
    typeChip(event.type, typeColor(event.type), typeLabel(event.type)),
    ` ${partiesLabel(event, nameOf)} · ${event.stage}`,
  );
  const source = { event_id: event.event_id, article_id: event.article_id };
  showEvidence($("#evidence"), heading, [source]);
  $("#evidence").scrollIntoView({ block: "nearest" });
}

async function eventArticle(event) {
  try {
    const article = await getArticle(event.article_id);
    const { evidence, evidence_start: start, evidence_end: end } = event;
    openArticle(article, { sentence: evidence, start, end });
  } catch (error) {
    showError(error.message);
  }
}

const table = createEventTable($("#events"), currentFilters, {
  nameOf,
  onEvidence: eventEvidence,
  onArticle: eventArticle,
  onError: showError,
});

async function showHealth() {
  try {
    const health = await getJSON("health");
    const mode = health.read_only ? "read-only" : "ingest enabled";
    $("#health").textContent = `${health.events} events · ${health.articles} articles · ${mode}`;
  } catch (error) {
    showError(error.message);
  }
}

async function start() {
  buildLegend();
  buildStageOptions();
  $("#article-dialog .close").addEventListener("click", () => $("#article-dialog").close());
  wireFilters(async () => {
    await loadNetwork();
    await refreshSelection();
  });
  await Promise.all([showHealth(), loadNetwork(), table.reload()]);
  showOverview();
  document.documentElement.dataset.ready = "true";
}

start();
