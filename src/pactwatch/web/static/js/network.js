// The country network: a small seeded force-directed layout (Fruchterman and
// Reingold's spring embedder) and its SVG rendering. The same nodes and edges
// always give the same picture, so screenshots and tests are stable.

import { svg, replace } from "./dom.js";
import { typeColor, typeLabel } from "./types.js";

export const WIDTH = 800;
export const HEIGHT = 560;
const PADDING = 48;

/** mulberry32: a tiny seeded PRNG, so "random" starting positions repeat exactly. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const edgeSource = (edge) => edge.source ?? edge.a;
export const edgeTarget = (edge) => edge.target ?? edge.b;
export const edgeId = (edge) => `${edgeSource(edge)}-${edgeTarget(edge)}`;

/** Node positions {id: {x, y}} inside WIDTH x HEIGHT, from a fixed seed. */
export function layout(nodes, edges, seed = 20221209) {
  const ids = nodes.map((node) => node.id).sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const random = seededRandom(seed);
  const count = ids.length;
  // Start on a jittered circle: spread out, and never two nodes on one spot.
  const points = ids.map((_, i) => {
    const angle = (2 * Math.PI * i) / Math.max(count, 1);
    return { x: Math.cos(angle) * 200 + random() * 20, y: Math.sin(angle) * 200 + random() * 20 };
  });
  const links = edges
    .filter((edge) => index.has(edgeSource(edge)) && index.has(edgeTarget(edge)))
    .map((edge) => [index.get(edgeSource(edge)), index.get(edgeTarget(edge))]);
  const ideal = Math.sqrt((WIDTH * HEIGHT) / Math.max(count, 1)) * 0.6;
  // Big networks get fewer rounds: the repulsion step is quadratic in nodes.
  const rounds = Math.max(40, Math.min(300, Math.floor(3e6 / Math.max(count * count, 1))));
  for (let round = 0; round < rounds; round += 1) {
    const temperature = 60 * (1 - round / rounds) + 0.5;
    const moves = points.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < count; i += 1) {
      for (let j = i + 1; j < count; j += 1) {
        const dx = points[i].x - points[j].x;
        const dy = points[i].y - points[j].y;
        const distance = Math.max(Math.hypot(dx, dy), 0.01);
        const push = (ideal * ideal) / distance / distance;
        moves[i].x += dx * push;
        moves[i].y += dy * push;
        moves[j].x -= dx * push;
        moves[j].y -= dy * push;
      }
    }
    for (const [s, t] of links) {
      const dx = points[s].x - points[t].x;
      const dy = points[s].y - points[t].y;
      const pull = Math.hypot(dx, dy) / ideal;
      moves[s].x -= dx * pull;
      moves[s].y -= dy * pull;
      moves[t].x += dx * pull;
      moves[t].y += dy * pull;
    }
    points.forEach((point, i) => {
      // Gravity keeps unconnected parts of the network from drifting away.
      const gravity = 0.05 * (ideal / 50);
      const move = { x: moves[i].x - point.x * gravity, y: moves[i].y - point.y * gravity };
      const length = Math.max(Math.hypot(move.x, move.y), 0.01);
      const step = Math.min(length, temperature);
      point.x += (move.x / length) * step;
      point.y += (move.y / length) * step;
    });
  }
  return fitToView(ids, points);
}

/** Scale and centre the points into the drawing area, keeping their proportions. */
function fitToView(ids, points) {
  const xs = points.map((point) => point.x);
  const ys = points.map((point) => point.y);
  const [minX, maxX] = [Math.min(...xs), Math.max(...xs)];
  const [minY, maxY] = [Math.min(...ys), Math.max(...ys)];
  const scale = Math.min(
    (WIDTH - 2 * PADDING) / Math.max(maxX - minX, 1),
    (HEIGHT - 2 * PADDING) / Math.max(maxY - minY, 1),
    3,
  );
  const offsetX = (WIDTH - (maxX - minX) * scale) / 2;
  const offsetY = (HEIGHT - (maxY - minY) * scale) / 2;
  const positions = new Map();
  ids.forEach((id, i) => {
    positions.set(id, {
      x: Math.round((points[i].x - minX) * scale + offsetX),
      y: Math.round((points[i].y - minY) * scale + offsetY),
    });
  });
  return positions;
}

/** Activate on click and on Enter/Space, so the graph works from the keyboard too. */
function onActivate(node, handler) {
  node.addEventListener("click", handler);
  node.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      handler();
    }
  });
}

function nodeShape(kind, radius) {
  if (kind === "organization") {
    const side = 2 * radius;
    const corner = { x: -radius, y: -radius };
    return svg("rect", { class: "shape", ...corner, width: side, height: side, rx: 3 });
  }
  if (kind === "armed_group") {
    const r = radius * 1.25;
    return svg("polygon", { class: "shape", points: `0,${-r} ${r},0 0,${r} ${-r},0` });
  }
  return svg("circle", { class: "shape", r: radius });
}

function edgeTitle(edge, nameOf) {
  const counts = Object.entries(edge.counts ?? {})
    .filter(([, n]) => n > 0)
    .sort((x, y) => y[1] - x[1])
    .map(([type, n]) => `${typeLabel(type)} ${n}`)
    .join(", ");
  const plural = edge.weight === 1 ? "event" : "events";
  return `${nameOf(edgeSource(edge))} – ${nameOf(edgeTarget(edge))}: ${edge.weight} ${plural}` +
    (counts ? ` (${counts})` : "");
}

function renderEdge(edge, positions, maxWeight, nameOf, onEdge) {
  const from = positions.get(edgeSource(edge));
  const to = positions.get(edgeTarget(edge));
  const width = 1.5 + 7 * Math.sqrt(edge.weight / maxWeight);
  const ends = { x1: from.x, y1: from.y, x2: to.x, y2: to.y };
  const line = (cls, strokeWidth, color) =>
    svg("line", { class: cls, ...ends, "stroke-width": strokeWidth, stroke: color });
  const title = edgeTitle(edge, nameOf);
  const group = svg(
    "g",
    {
      class: "edge",
      "data-id": edgeId(edge),
      "data-source": edgeSource(edge),
      "data-target": edgeTarget(edge),
      "data-type": edge.dominant_type,
      "data-weight": edge.weight,
      role: "button",
      tabindex: 0,
      "aria-label": title,
    },
    svg("title", {}, title),
    line("stroke", width.toFixed(1), typeColor(edge.dominant_type)),
    // A wide transparent twin of the line: thin edges stay easy to hit.
    line("hit", Math.max(16, width + 10).toFixed(1), "transparent"),
  );
  onActivate(group, () => onEdge(edge));
  return group;
}

function renderNode(node, position, maxEvents, onNode) {
  const radius = 6 + 10 * Math.sqrt((node.events ?? 0) / maxEvents);
  const title = `${node.label} (${node.id}): ${node.events} events`;
  const group = svg(
    "g",
    {
      class: "node",
      "data-id": node.id,
      "data-kind": node.kind,
      transform: `translate(${position.x} ${position.y})`,
      role: "button",
      tabindex: 0,
      "aria-label": title,
    },
    svg("title", {}, title),
    nodeShape(node.kind, radius),
    svg("text", { class: "label", y: radius + 14 }, node.label),
  );
  onActivate(group, () => onNode(node));
  return group;
}

/** Draw `network` ({nodes, edges}) into `target` (an <svg>); edges first so nodes sit on top. */
export function renderNetwork(target, network, { nameOf, onEdge, onNode }) {
  const { nodes, edges } = network;
  const positions = layout(nodes, edges);
  const drawable = edges.filter(
    (edge) => positions.has(edgeSource(edge)) && positions.has(edgeTarget(edge)),
  );
  const maxWeight = Math.max(1, ...drawable.map((edge) => edge.weight));
  const maxEvents = Math.max(1, ...nodes.map((node) => node.events ?? 0));
  // Heavy edges last, so they are drawn over (and clicked before) light ones.
  const ordered = [...drawable].sort(
    (x, y) => x.weight - y.weight || edgeId(x).localeCompare(edgeId(y)),
  );
  replace(
    target,
    svg(
      "g",
      { class: "edges" },
      ordered.map((edge) => renderEdge(edge, positions, maxWeight, nameOf, onEdge)),
    ),
    svg(
      "g",
      { class: "nodes" },
      nodes.map((node) => renderNode(node, positions.get(node.id), maxEvents, onNode)),
    ),
  );
}

/** Outline the selected edge (an edge record) or node (an id) and what touches it; nulls clear. */
export function highlight(target, { edge = null, node = null } = {}) {
  const ends = new Set(edge ? [edgeSource(edge), edgeTarget(edge)] : []);
  if (node) ends.add(node);
  for (const group of target.querySelectorAll(".edge")) {
    const touches = node && (group.dataset.source === node || group.dataset.target === node);
    const chosen = Boolean(edge) && group.dataset.id === edgeId(edge);
    group.classList.toggle("selected", chosen || Boolean(touches));
  }
  for (const group of target.querySelectorAll(".node")) {
    group.classList.toggle("selected", ends.has(group.dataset.id));
  }
  target.classList.toggle("has-selection", ends.size > 0);
}
