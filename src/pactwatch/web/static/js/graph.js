// The network, drawn by cytoscape.js (vendored under static/vendor, see
// VERSIONS.txt there) on a canvas: zoom and pan, click a party or an edge, a
// focused party with its partners while the rest fades, arrows from supplier
// to recipient, and labels that never overlap.
//
// Layout: one deterministic force layout (no randomness, so the same store
// gives the same picture in every tab) of the unfiltered network's backbone:
// each party's strongest links. Filters then
// only change which nodes and edges are drawn, never where a party stands.

import cytoscape from "../vendor/cytoscape.esm.min.js";
import { typeColor, typeLabel } from "./types.js";

/** Links per party kept for the layout: enough for clusters, few enough for no hairball. */
const BACKBONE_LINKS = 3;
const LABEL_FONT_PX = 12;
const LABEL_FONT = `600 ${LABEL_FONT_PX}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
/** A label's box on screen (text, outline and a gap) starts this far above the node's rim… */
const LABEL_TOP_PX = 4;
/** … and is this tall, in pixels. */
const LABEL_BOX_PX = 26;
const LABEL_GAP_PX = 6;
/** Fitting a focus or a pair zooms in at most this far (edges and arrows stay in proportion). */
const MAX_FIT_ZOOM = 2;

/** "AAA|BBB": an undirected pair, its codes in alphabetical order. */
export const edgeKey = (a, b) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * An edge record for the graph from a dyad ({a, b, total, counts, n_a_to_b,
 * n_b_to_a}) or a network edge ({source, target, weight, counts, dominant_type}):
 * always stored with a < b, the direction counts swapped to match.
 */
export function edgeRecord(item) {
  const a = item.a ?? item.source;
  const b = item.b ?? item.target;
  const counts = item.counts ?? {};
  const swap = a > b;
  const ab = item.n_a_to_b ?? 0;
  const ba = item.n_b_to_a ?? 0;
  return {
    key: edgeKey(a, b),
    a: swap ? b : a,
    b: swap ? a : b,
    weight: item.weight ?? item.total ?? 0,
    counts,
    dominant: item.dominant_type ?? dominantType(counts),
    aToB: swap ? ba : ab,
    bToA: swap ? ab : ba,
    directions: item.n_a_to_b !== undefined,
  };
}

function dominantType(counts) {
  let best = null;
  for (const [type, n] of Object.entries(counts)) if (!best || n > counts[best]) best = type;
  return best;
}

// ---------------------------------------------------------------- layout

/** A deterministic starting point: parties by rank on a sunflower spiral, busiest in the middle. */
function spiral(index) {
  const angle = index * 2.399963; // the golden angle
  const radius = 40 * Math.sqrt(index + 0.5);
  return { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
}

/** Positions {code: {x, y}} for every node of `network` (the unfiltered one). */
export function computeLayout(network) {
  const nodes = [...network.nodes].sort((x, y) => y.events - x.events || cmp(x.id, y.id));
  const byNode = new Map(nodes.map((node) => [node.id, []]));
  for (const edge of network.edges) {
    byNode.get(edge.source)?.push(edge);
    byNode.get(edge.target)?.push(edge);
  }
  const backbone = new Map();
  for (const edges of byNode.values()) {
    edges.sort((x, y) => y.weight - x.weight || cmp(edgeKey(x.source, x.target), edgeKey(y.source, y.target)));
    for (const edge of edges.slice(0, BACKBONE_LINKS)) backbone.set(edgeKey(edge.source, edge.target), edge);
  }
  const links = [...backbone.entries()]
    .sort((x, y) => cmp(x[0], y[0]))
    .map(([, edge]) => edge);
  return forceLayout(nodes.map((node) => node.id), links);
}

/**
 * Fruchterman–Reingold on the backbone, from the spiral, with a fixed number
 * of cooling steps: no randomness, so every tab computes the same picture.
 * Typed arrays keep 200 parties under a tenth of a second (cytoscape's own
 * "cose" took seconds for the same graph).
 */
function forceLayout(ids, links, steps = 300) {
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  ids.forEach((_, i) => {
    const start = spiral(i);
    x[i] = start.x;
    y[i] = start.y;
  });
  const pairs = links
    .map((link) => [index.get(link.source), index.get(link.target), link.weight])
    .filter(([s, t]) => s !== undefined && t !== undefined);
  const maxWeight = Math.max(1, ...pairs.map((pair) => pair[2]));
  const ideal = 100;
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let step = 0; step < steps; step++) {
    const temperature = 60 * (1 - step / steps) + 0.5;
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let ex = x[i] - x[j];
        let ey = y[i] - y[j];
        let d2 = ex * ex + ey * ey;
        if (d2 < 0.01) {
          ex = 0.1 * (i - j);
          ey = 0.1;
          d2 = ex * ex + ey * ey;
        }
        const push = (ideal * ideal) / d2;
        dx[i] += ex * push;
        dy[i] += ey * push;
        dx[j] -= ex * push;
        dy[j] -= ey * push;
      }
    }
    for (const [s, t, weight] of pairs) {
      const ex = x[s] - x[t];
      const ey = y[s] - y[t];
      const pull = (Math.hypot(ex, ey) / ideal) * (0.3 + 0.7 * (weight / maxWeight));
      dx[s] -= ex * pull;
      dy[s] -= ey * pull;
      dx[t] += ex * pull;
      dy[t] += ey * pull;
    }
    for (let i = 0; i < n; i++) {
      // Gravity keeps parties without backbone links from drifting away.
      const mx = dx[i] - x[i] * 0.012;
      const my = dy[i] - y[i] * 0.012;
      const length = Math.max(Math.hypot(mx, my), 0.01);
      const move = Math.min(length, temperature);
      x[i] += (mx / length) * move;
      y[i] += (my / length) * move;
    }
  }
  const positions = new Map();
  ids.forEach((id, i) => positions.set(id, { x: Math.round(x[i] * 10) / 10, y: Math.round(y[i] * 10) / 10 }));
  return positions;
}

const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0);

// ---------------------------------------------------------------- style

function nodeSize(events, maxEvents) {
  return 12 + 26 * Math.sqrt(events / Math.max(1, maxEvents));
}

const SHAPES = { state: "ellipse", organization: "round-rectangle", armed_group: "diamond" };

function graphStyle() {
  return [
    {
      selector: "node",
      style: {
        width: "data(size)",
        height: "data(size)",
        shape: SHAPES.state,
        "background-color": "#ffffff",
        "border-width": 2,
        "border-color": "#2d3a4a",
        label: "data(label)",
        "font-size": LABEL_FONT_PX,
        "font-weight": 600,
        color: "#1d232b",
        "text-valign": "bottom",
        "text-halign": "center",
        "text-margin-y": 2,
        "text-outline-color": "#ffffff",
        "text-outline-width": 2.5,
        "min-zoomed-font-size": 0,
      },
    },
    {
      selector: "node[kind = 'organization']",
      style: { shape: SHAPES.organization, "background-color": "#e8eef7" },
    },
    {
      selector: "node[kind = 'armed_group']",
      style: { shape: SHAPES.armed_group, "background-color": "#f7ebe8" },
    },
    { selector: "node.nolabel", style: { label: "" } },
    { selector: "node.focus", style: { "background-color": "#2d3a4a", "border-color": "#1f5fa8", "border-width": 4 } },
    { selector: "node.partner", style: { "border-color": "#1f5fa8" } },
    {
      selector: "edge",
      style: {
        width: "data(width)",
        "line-color": "data(color)",
        "curve-style": "straight",
        opacity: 0.55,
        "target-arrow-shape": "none",
        "source-arrow-shape": "none",
        "target-arrow-color": "data(color)",
        "source-arrow-color": "data(color)",
        "arrow-scale": 0.9,
      },
    },
    { selector: "edge[?toB]", style: { "target-arrow-shape": "triangle" } },
    { selector: "edge[?toA]", style: { "source-arrow-shape": "triangle" } },
    { selector: "edge.partner", style: { opacity: 0.9, "z-index": 10 } },
    { selector: "edge.selected-pair", style: { opacity: 1, "underlay-color": "#1d232b", "underlay-opacity": 0.25, "underlay-padding": 4, "z-index": 20 } },
    // A faded edge is out of the way: drawn under the others and not clickable.
    { selector: "edge.faded", style: { opacity: 0.08, events: "no", "z-index": 0 } },
    { selector: "node.faded", style: { opacity: 0.25 } },
  ];
}

// ---------------------------------------------------------------- the graph

/**
 * The network view in `container`. Callbacks: onNode(code), onEdge(edge record),
 * onBackground(). Returns methods to draw, focus, select and zoom.
 */
export function createGraph(container, { onNode, onEdge, onBackground }) {
  const cy = cytoscape({
    container,
    style: graphStyle(),
    minZoom: 0.05,
    maxZoom: 8,
    boxSelectionEnabled: false,
    autoungrabify: true,
    autounselectify: true,
  });
  const records = new Map(); // edge key -> record
  let priority = []; // node ids whose labels go first
  const measure = document.createElement("canvas").getContext("2d");
  measure.font = LABEL_FONT;
  const widths = new Map();
  const labelWidth = (text) => {
    if (!widths.has(text)) widths.set(text, measure.measureText(text).width);
    return widths.get(text);
  };

  cy.on("tap", "node", (event) => onNode(event.target.id()));
  cy.on("tap", "edge", (event) => onEdge(records.get(event.target.id())));
  cy.on("tap", (event) => {
    if (event.target === cy) onBackground();
  });

  // Labels keep their size on screen whatever the zoom, and the ones that would
  // overlap a label of higher rank are hidden; zooming in shows more of them.
  let scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      placeLabels();
    });
  }
  cy.on("zoom pan resize", schedule);
  // cytoscape caches where its canvas is on the page; when content above it
  // grows or shrinks (a note, a longer list), clicks would land off target.
  new ResizeObserver(() => cy.resize()).observe(document.body);

  function placeLabels() {
    const zoom = cy.zoom();
    cy.batch(() => {
      cy.style()
        .selector("node")
        .style({
          "font-size": LABEL_FONT_PX / zoom,
          "text-outline-width": 2.5 / zoom,
          "text-margin-y": 2 / zoom,
        })
        .update();
      const extent = cy.extent();
      const taken = [];
      const rank = new Map(priority.map((id, i) => [id, i]));
      const rankOf = (node) => rank.get(node.id()) ?? priority.length;
      const ranked = cy
        .nodes()
        .toArray()
        .sort(
          (x, y) =>
            rankOf(x) - rankOf(y) ||
            (x.hasClass("faded") ? 1 : 0) - (y.hasClass("faded") ? 1 : 0) ||
            y.data("events") - x.data("events") ||
            cmp(x.id(), y.id()),
        );
      for (const node of ranked) {
        const { x, y } = node.position();
        const half = (labelWidth(node.data("label")) + 2 * LABEL_GAP_PX) / zoom / 2;
        const top = y + node.data("size") / 2 - LABEL_TOP_PX / zoom;
        const box = [x - half, top, x + half, top + LABEL_BOX_PX / zoom];
        const visible =
          box[2] > extent.x1 && box[0] < extent.x2 && box[3] > extent.y1 && box[1] < extent.y2;
        const free = visible && !taken.some((other) => overlaps(box, other));
        if (free) taken.push(box);
        node.toggleClass("nolabel", !free);
      }
    });
  }

  /** Draw `nodes` ([{id, label, kind, events}]) and `edges` (records) at `positions`. */
  function draw(nodes, edges, positions) {
    records.clear();
    const maxEvents = Math.max(1, ...nodes.map((node) => node.events));
    const maxWeight = Math.max(1, ...edges.map((edge) => edge.weight));
    let extra = positions.size;
    const elements = nodes.map((node) => ({
      group: "nodes",
      data: {
        id: node.id,
        label: node.label,
        kind: node.kind,
        events: node.events,
        size: nodeSize(node.events, maxEvents),
      },
      // A party the layout has not seen (new since it was computed) goes on the rim.
      position: { ...(positions.get(node.id) ?? spiral(extra++)) },
    }));
    const present = new Set(nodes.map((node) => node.id));
    for (const edge of edges) {
      if (!present.has(edge.a) || !present.has(edge.b)) continue;
      records.set(edge.key, edge);
      elements.push({ group: "edges", data: edgeData(edge, maxWeight) });
    }
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elements);
    });
    // The parties with drawn pairs fill the view; "Fit" shows the stragglers too.
    const linked = cy.edges().connectedNodes();
    cy.fit(linked.nonempty() ? linked : undefined, 30);
    placeLabels();
  }

  function edgeData(edge, maxWeight) {
    return {
      id: edge.key,
      source: edge.a,
      target: edge.b,
      weight: edge.weight,
      color: typeColor(edge.dominant),
      width: 1 + 7 * Math.sqrt(edge.weight / maxWeight),
      toB: edge.aToB > 0,
      toA: edge.bToA > 0,
      title: edgeTitle(edge),
    };
  }

  /** Add or update edges (a focused party's pairs, with their directions). */
  function mergeEdges(edges) {
    const maxWeight = Math.max(1, ...cy.edges().map((edge) => edge.data("weight")), ...edges.map((e) => e.weight));
    cy.batch(() => {
      for (const edge of edges) {
        if (cy.getElementById(edge.a).empty() || cy.getElementById(edge.b).empty()) continue;
        records.set(edge.key, edge);
        const existing = cy.getElementById(edge.key);
        const data = edgeData(edge, maxWeight);
        if (existing.nonempty()) existing.data(data);
        else cy.add({ group: "edges", data });
      }
    });
  }

  /**
   * Highlight `focus` (a code or null) with its partners, and the pair `pair`
   * ([a, b] or null); everything else fades. `partners` are the focus's codes.
   */
  function highlight({ focus = null, pair = null } = {}) {
    cy.batch(() => {
      cy.elements().removeClass("faded focus partner selected-pair");
      if (!focus && !pair) {
        priority = [];
        return;
      }
      let kept = cy.collection();
      if (focus) {
        const node = cy.getElementById(focus);
        const around = node.closedNeighborhood();
        node.addClass("focus");
        around.nodes().difference(node).addClass("partner");
        around.edges().addClass("partner");
        kept = kept.union(around);
      }
      if (pair) {
        const edge = cy.getElementById(edgeKey(pair[0], pair[1]));
        edge.addClass("selected-pair");
        kept = kept.union(edge).union(edge.connectedNodes());
        kept = kept.union(cy.getElementById(pair[0])).union(cy.getElementById(pair[1]));
      }
      cy.elements().difference(kept).addClass("faded");
      const partners = kept
        .nodes()
        .toArray()
        .sort((x, y) => y.data("events") - x.data("events"))
        .map((node) => node.id());
      priority = [...(pair ?? []), ...(focus ? [focus] : []), ...partners];
    });
    placeLabels();
  }

  /** Zoom to show `codes` (a focus and its partners), or everything; never closer than 2x. */
  function fitTo(codes) {
    const nodes = codes?.length
      ? cy.collection(codes.map((code) => cy.getElementById(code)).filter((n) => n.nonempty()))
      : cy.elements();
    if (nodes.nonempty()) {
      cy.fit(nodes, 40);
      if (cy.zoom() > MAX_FIT_ZOOM) {
        cy.zoom(MAX_FIT_ZOOM);
        cy.center(nodes);
      }
    }
    placeLabels();
  }

  function zoomBy(factor) {
    const middle = { x: container.clientWidth / 2, y: container.clientHeight / 2 };
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: middle });
  }

  const has = (code) => cy.getElementById(code).nonempty();
  const record = (a, b) => records.get(edgeKey(a, b)) ?? null;
  return { cy, draw, mergeEdges, highlight, fitTo, zoomBy, has, record };
}

function overlaps(p, q) {
  return p[0] < q[2] && q[0] < p[2] && p[1] < q[3] && q[1] < p[3];
}

/** "Iran – Russia: 13 events (arms transfer 7, ...); Iran → Russia 7, Russia → Iran 2". */
export function edgeTitle(edge, nameOf = (code) => code) {
  const counts = Object.entries(edge.counts ?? {})
    .filter(([, n]) => n > 0)
    .sort((x, y) => y[1] - x[1])
    .map(([type, n]) => `${typeLabel(type)} ${n}`)
    .join(", ");
  const plural = edge.weight === 1 ? "event" : "events";
  let text = `${nameOf(edge.a)} – ${nameOf(edge.b)}: ${edge.weight} ${plural}`;
  if (counts) text += ` (${counts})`;
  if (edge.directions) {
    text += `; ${nameOf(edge.a)} → ${nameOf(edge.b)} ${edge.aToB}, ${nameOf(edge.b)} → ${nameOf(edge.a)} ${edge.bToA}`;
  }
  return text;
}
