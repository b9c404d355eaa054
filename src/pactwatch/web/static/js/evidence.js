// Evidence: each source article's sentence, highlighted where it stands in the
// article, and the full article text in a dialog. All of it is built from text
// nodes, so markup inside an article (<script>, onerror=...) shows as text.

import { getArticle, getEvent } from "./api.js";
import { el, evidenceInContext, externalLink, locateEvidence, markedText, replace } from "./dom.js";

/** The article summary of an event: `/api/events/{id}` nests it, list rows flatten it. */
function articleMeta(event) {
  if (event.article && typeof event.article === "object") return event.article;
  return {
    article_id: event.article_id,
    title: null,
    url: event.url,
    outlet: event.outlet,
    published: event.published,
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
    [article.outlet, article.published ? `published ${article.published}` : "publication date unknown"]
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

/** One source of an incident: fetch its event and article, then show the sentence in context. */
async function fillSource(card, eventId) {
  try {
    const event = await getEvent(eventId);
    const meta = articleMeta(event);
    const article = await getArticle(meta.article_id ?? event.article_id);
    const evidence = { sentence: event.evidence, start: event.evidence_start, end: event.evidence_end };
    const range = locateEvidence(article.text, evidence.sentence, evidence.start, evidence.end);
    const quote = range
      ? evidenceInContext(article.text, range)
      : el("mark", { class: "evidence" }, event.evidence ?? "");
    const link = externalLink(article.url ?? meta.url, "original page ↗");
    replace(
      card,
      el("h4", {}, articleTitle({ ...meta, ...article })),
      metaLine({ ...meta, ...article }),
      el("blockquote", { class: "evidence-context" }, quote),
      el(
        "p",
        { class: "actions" },
        el("button", { type: "button", class: "open-article", onclick: () => openArticle(article, evidence) }, "Read the article text"),
        link,
        el("span", { class: "muted" }, `${event.certainty ?? ""} · rule ${event.rule ?? "?"}`),
      ),
    );
  } catch (error) {
    replace(card, el("p", { class: "error" }, `Could not load this source: ${error.message}`));
  }
}

/**
 * Fill `container` with a heading and one card per source event; `eventIds`
 * repeat when several reports share an event, so each is shown once.
 */
export function showEvidence(container, heading, eventIds) {
  const unique = [...new Set(eventIds)];
  const cards = unique.map((id) => el("article", { class: "source", "data-event-id": id }, el("p", { class: "muted" }, "Loading…")));
  replace(
    container,
    heading,
    el("p", { class: "muted" }, `${unique.length} source ${unique.length === 1 ? "sentence" : "sentences"}`),
    cards,
  );
  container.hidden = false;
  unique.forEach((id, i) => fillSource(cards[i], id));
}
