// A dyad's monthly timeline: one stacked SVG bar per month, one segment per
// event type, in the order of the legend.

import { svg, replace } from "./dom.js";
import { EVENT_TYPES, typeColor, typeLabel } from "./types.js";

const WIDTH = 560;
const HEIGHT = 170;
const MARGIN = { top: 10, right: 8, bottom: 24, left: 30 };

/** "2022-11-01" or "2022-11" -> "2022-11". */
const monthKey = (month) => String(month).slice(0, 7);

/** Axis labels: every January (and the first month), thinned out when the years crowd. */
function yearTicks(months, slot) {
  const ticks = months
    .map((month, i) => ({ i, key: monthKey(month.month) }))
    .filter(({ i, key }) => i === 0 || key.endsWith("-01"));
  // A first month just before a January would print over that year's label.
  if (ticks.length > 1 && ticks[0].i === 0 && (ticks[1].i - ticks[0].i) * slot < 52) ticks.shift();
  const every = Math.max(1, Math.ceil(34 / (slot * 12)));
  return ticks.filter((_, n) => n % every === 0);
}

function barSegments(month, x, barWidth, yOf) {
  let base = 0;
  const segments = [];
  for (const type of EVENT_TYPES) {
    const count = month.counts?.[type] ?? 0;
    if (count <= 0) continue;
    const top = yOf(base + count);
    segments.push(
      svg(
        "rect",
        {
          class: "bar",
          "data-type": type,
          "data-month": monthKey(month.month),
          x: x.toFixed(1),
          y: top.toFixed(1),
          width: barWidth.toFixed(1),
          height: (yOf(base) - top).toFixed(1),
          fill: typeColor(type),
        },
        svg("title", {}, `${monthKey(month.month)}: ${count} ${typeLabel(type)}`),
      ),
    );
    base += count;
  }
  return segments;
}

/** Draw `months` ([{month, counts, total}]) into `target`, an <svg>. */
export function renderTimeline(target, months) {
  target.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
  if (!months.length) {
    const middle = { x: WIDTH / 2, y: HEIGHT / 2 };
    replace(target, svg("text", { class: "empty", ...middle }, "No dated events for this pair"));
    return;
  }
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const maxTotal = Math.max(1, ...months.map((month) => month.total ?? 0));
  const slot = plotWidth / months.length;
  const barWidth = Math.max(1, Math.min(slot * 0.8, 28));
  const yOf = (value) => MARGIN.top + plotHeight - (value / maxTotal) * plotHeight;
  const xOf = (i) => MARGIN.left + i * slot + (slot - barWidth) / 2;
  const grid = [...new Set([maxTotal, Math.round(maxTotal / 2)])].filter((value) => value > 0);
  replace(
    target,
    svg(
      "g",
      { class: "grid" },
      grid.map((value) => [
        svg("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: yOf(value), y2: yOf(value) }),
        svg("text", { x: MARGIN.left - 5, y: yOf(value) + 4, class: "y-label" }, String(value)),
      ]),
      svg("line", {
        class: "axis",
        x1: MARGIN.left,
        x2: WIDTH - MARGIN.right,
        y1: yOf(0),
        y2: yOf(0),
      }),
    ),
    svg(
      "g",
      { class: "bars" },
      months.map((month, i) => barSegments(month, xOf(i), barWidth, yOf)),
    ),
    svg(
      "g",
      { class: "x-labels" },
      yearTicks(months, slot).map(({ i, key }) =>
        svg(
          "text",
          { x: MARGIN.left + i * slot + slot / 2, y: HEIGHT - 6 },
          key.endsWith("-01") ? key.slice(0, 4) : key,
        ),
      ),
    ),
  );
}
