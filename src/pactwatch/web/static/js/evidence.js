// Evidence: each source article's sentence, highlighted where it stands in the
// article, and the full article text in a dialog. All of it is built from text
// nodes, so markup inside an article (<script>, onerror=...) shows as text.

import { getArticle, getEvent } from "./api.js";
import {
  button,
  el,
  evidenceInContext,
  externalLink,
  locateEvidence,
  markedText,
  replace,
} from "./dom.js";

/** The article summary of an event, whether nested (`article: {...}`) or flat. */
function articleMeta(event) {
  if (event.article && typeof event.article === "object") return event.article;
  return {
    article_id: event.article_id,
    title: event.title,
    url: event.url,
    outlet: event.outlet,
    published: event.article_published ?? event.published,
    name: event.article,
  };
}

function articleTitle(article) {
  return article.title || article.name || article.article || `article ${article.article_id}`;
}

function metaLine(article) {
  return el(
    "p",
    { class: "meta" },
    [
      article.outlet,
      article.published ? `published ${article.published}` : "publication date unknown",
    ]
      .filter(Boolean)
      .join(" · "),
  );
}

/** Show the whole article text in the dialog, the evidence marked and scrolled into view. */
export function openArticle(article, evidence) {
  const dialog = document.getElementById("article-dialog");
  const text = article.text ?? "";
  const range = locateEvidence(text, evidence?.sentence, evidence?.start, evidence?.end);
  replace(dialog.querySelector(".dialog-title"), articleTitle(article));
  const link = externalLink(article.url, "original page ↗");
  replace(dialog.querySelector(".dialog-meta"), metaLine(article), link ? el("p", {}, link) : null);
  const body = dialog.querySelector(".article-text");
  replace(body, range ? markedText(text, range[0], range[1]) : text);
  if (!dialog.open) dialog.showModal();
  body.scrollTop = 0;
  body.querySelector("mark")?.scrollIntoView({ block: "center" });
}

/**
 * One source of an incident: fetch its event and the reporting article, then
 * show the sentence in context. A syndicated copy shares the original's event,
 * so its offsets point into the original: in a copy the sentence is found by text.
 */
async function fillSource(card, { event_id: eventId, article_id: articleId }) {
  try {
    const event = await getEvent(eventId);
    const meta = articleMeta(event);
    const ownArticle = meta.article_id ?? event.article_id;
    const article = await getArticle(articleId ?? ownArticle);
    const isOwn = article.article_id === ownArticle;
    const evidence = {
      sentence: event.evidence,
      start: isOwn ? event.evidence_start : null,
      end: isOwn ? event.evidence_end : null,
    };
    const range = locateEvidence(article.text, evidence.sentence, evidence.start, evidence.end);
    const quote = range
      ? evidenceInContext(article.text, range)
      : el("mark", { class: "evidence" }, event.evidence ?? "");
    const about = isOwn ? { ...meta, ...article } : article;
    const link = externalLink(article.url, "original page ↗");
    replace(
      card,
      el("h4", {}, articleTitle(about)),
      metaLine(about),
      el("blockquote", { class: "evidence-context" }, quote),
      el(
        "p",
        { class: "actions" },
        button("Read the article text", () => openArticle(article, evidence), {
          class: "open-article",
        }),
        link,
        el("span", { class: "muted" }, `${event.certainty ?? ""} · rule ${event.rule ?? "?"}`),
      ),
    );
  } catch (error) {
    replace(card, el("p", { class: "error" }, `Could not load this source: ${error.message}`));
  }
}

/**
 * Fill `container` with a heading and one card per source: `sources` are
 * {event_id, article_id?} (an incident's reports, or one event of the table).
 */
export function showEvidence(container, heading, sources) {
  const seen = new Set();
  const unique = sources.filter(({ event_id: eventId, article_id: articleId }) => {
    const key = `${eventId}:${articleId ?? ""}`;
    return !seen.has(key) && seen.add(key);
  });
  const cards = unique.map(({ event_id: eventId }) =>
    el(
      "article",
      { class: "source", "data-event-id": eventId },
      el("p", { class: "muted" }, "Loading…"),
    ),
  );
  const articles = new Set(unique.map((source) => source.article_id ?? source.event_id)).size;
  const summary =
    `${unique.length} evidence ${unique.length === 1 ? "sentence" : "sentences"} ` +
    `from ${articles} ${articles === 1 ? "article" : "articles"}`;
  replace(container, heading, el("p", { class: "muted" }, summary), cards);
  container.hidden = false;
  unique.forEach((source, i) => fillSource(cards[i], source));
}
