// DOM helpers. Data only ever reaches the page as text nodes (textContent) or
// attribute values; nothing here parses HTML, so article text stays inert.

const SVG_NS = "http://www.w3.org/2000/svg";

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function assign(node, props) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (key === "text") {
      node.textContent = String(value);
    } else if (key === "cssVars") {
      // Through the CSSOM: the server's Content-Security-Policy forbids style attributes.
      for (const [name, cssValue] of Object.entries(value)) node.style.setProperty(name, cssValue);
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  return node;
}

/** An HTML element: el("li", {class: "x", onclick: f}, "text", child). */
export function el(tag, props, ...children) {
  return append(assign(document.createElement(tag), props), children);
}

/** An SVG element, same calling convention as `el`. */
export function svg(tag, props, ...children) {
  return append(assign(document.createElementNS(SVG_NS, tag), props), children);
}

/** A <button type="button"> running `onclick`; `props` adds attributes (class, disabled...). */
export function button(label, onclick, props = {}) {
  return el("button", { type: "button", ...props, onclick }, label);
}

/** Replace all children of `node`. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** Python counts characters (code points), JavaScript UTF-16 units: convert an offset. */
export function utf16Offset(text, codePoints) {
  if (!/[\uD800-\uDFFF]/.test(text)) return codePoints;
  let units = 0;
  let seen = 0;
  for (const char of text) {
    if (seen === codePoints) break;
    units += char.length;
    seen += 1;
  }
  return units;
}

/**
 * Where the evidence sentence lies in `text` as [start, end) UTF-16 offsets:
 * the stored offsets when they still point at the sentence, else the first
 * occurrence of the sentence, else null.
 */
export function locateEvidence(text, evidence, start, end) {
  if (typeof text !== "string") return null;
  if (Number.isInteger(start) && Number.isInteger(end)) {
    const from = utf16Offset(text, start);
    const to = utf16Offset(text, end);
    if (!evidence || text.slice(from, to) === evidence) return [from, to];
  }
  const found = evidence ? text.indexOf(evidence) : -1;
  return found < 0 ? null : [found, found + evidence.length];
}

/** Text with [start, end) wrapped in <mark>, as a fragment of text nodes. */
export function markedText(text, start, end, markClass = "evidence") {
  const fragment = document.createDocumentFragment();
  const marked = el("mark", { class: markClass }, text.slice(start, end));
  append(fragment, [text.slice(0, start), marked]);
  fragment.append(text.slice(end));
  return fragment;
}

/** Every case-insensitive occurrence of `needle` in `text` wrapped in <mark class="hit">. */
export function markedMatches(text, needle) {
  const fragment = document.createDocumentFragment();
  if (!needle) {
    fragment.append(text);
    return fragment;
  }
  const haystack = text.toLowerCase();
  const target = needle.toLowerCase();
  let position = 0;
  for (let hit = haystack.indexOf(target); hit >= 0; hit = haystack.indexOf(target, position)) {
    const marked = el("mark", { class: "hit" }, text.slice(hit, hit + target.length));
    fragment.append(text.slice(position, hit), marked);
    position = hit + target.length;
  }
  fragment.append(text.slice(position));
  return fragment;
}

/**
 * The evidence sentence with up to `context` characters around it, cut at a
 * paragraph or word boundary, so a reader sees the sentence where it stood.
 */
export function evidenceInContext(text, [start, end], context = 220) {
  let from = Math.max(0, start - context);
  let to = Math.min(text.length, end + context);
  const paragraphStart = text.lastIndexOf("\n", start - 1);
  if (paragraphStart >= from) from = paragraphStart + 1;
  else if (from > 0) from = Math.max(from, text.indexOf(" ", from) + 1);
  const paragraphEnd = text.indexOf("\n", end);
  if (paragraphEnd >= 0 && paragraphEnd <= to) to = paragraphEnd;
  else if (to < text.length) to = Math.max(end, text.lastIndexOf(" ", to));
  const fragment = document.createDocumentFragment();
  // An ellipsis only where a paragraph was cut, not where it begins or ends.
  if (from > 0 && text[from - 1] !== "\n") fragment.append("… ");
  fragment.append(markedText(text.slice(from, to), start - from, end - from));
  if (to < text.length && text[to] !== "\n") fragment.append(" …");
  return fragment;
}

/** A link to an outside page, only for http(s) addresses (never javascript: or data:). */
export function externalLink(url, label) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  return el("a", { href: parsed.href, target: "_blank", rel: "noopener noreferrer" }, label);
}

function lastDayOfMonth(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2022-11" for a whole month, "2022" for a whole year, else "start – end"; or "undated". */
export function dateRange(start, end) {
  if (!start) return "undated";
  if (!end || end === start) return start;
  const [y1, m1, d1] = start.split("-").map(Number);
  const [y2, m2, d2] = end.split("-").map(Number);
  if (y1 === y2 && m1 === 1 && d1 === 1 && m2 === 12 && d2 === 31) return String(y1);
  if (y1 === y2 && m1 === m2 && d1 === 1 && d2 === lastDayOfMonth(y2, m2)) {
    return start.slice(0, 7);
  }
  if (d1 === 1 && d2 === lastDayOfMonth(y2, m2)) {
    return `${start.slice(0, 7)} – ${end.slice(0, 7)}`;
  }
  return `${start} – ${end}`;
}

/** "Iran → Russia" for directed records, "Azerbaijan · Iran" for undirected ones. */
export function partiesLabel(record, nameOf) {
  const names = (codes) => (codes ?? []).map(nameOf).join(", ");
  if ((record.sources ?? []).length || (record.targets ?? []).length) {
    return `${names(record.sources) || "?"} → ${names(record.targets) || "?"}`;
  }
  return (record.participants ?? []).map(nameOf).join(" · ");
}

/** A coloured chip naming an event type. */
export function typeChip(type, color, label) {
  return el("span", { class: "chip", "data-type": type, cssVars: { "--chip": color } }, label);
}
