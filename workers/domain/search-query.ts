/**
 * Turns what a shopper typed into FTS5 and trigram MATCH expressions, and FTS5 snippets into
 * HTML that is safe to render. User text is never passed to FTS5 as syntax: it is cut into
 * words (letters, marks and digits only) and every word is quoted, so quotes, `*`, `-`, `:`,
 * parentheses, NEAR, AND/OR/NOT and column filters all lose their meaning.
 */

export const SEARCH_QUERY_MAX_LENGTH = 200;
/** Bounds the work one query can ask of FTS5 (and the bound parameters D1 allows). */
const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 40;
const MAX_TRIGRAMS = 16;
/** A prefix of one letter would expand to a large part of the vocabulary. */
const MIN_PREFIX_LENGTH = 2;
/** Share of the query's trigrams a name must contain to count as a fuzzy match. */
export const TRIGRAM_MIN_SHARE = 0.5;

const wordPattern = /[\p{L}\p{M}\p{N}]+/gu;
const endsInWord = /[\p{L}\p{M}\p{N}]$/u;

/** The query's distinct words, lower-cased, at most MAX_TERMS of them. */
export function searchTerms(q: string): string[] {
  const terms: string[] = [];
  for (const match of q.normalize("NFC").toLowerCase().matchAll(wordPattern)) {
    const term = [...match[0]].slice(0, MAX_TERM_LENGTH).join("");
    if (!terms.includes(term)) terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

const quote = (term: string) => `"${term.replaceAll('"', '""')}"`;

/**
 * An FTS5 expression matching every word (implicit AND). The last word is a prefix while the
 * shopper is still typing it (the query does not end in a space or punctuation), so "head"
 * finds "headphones". Null when the query has no words at all.
 */
export function ftsExpression(q: string): string | null {
  const terms = searchTerms(q);
  if (terms.length === 0) return null;
  const typing = endsInWord.test(q);
  return terms
    .map((term, index) => {
      const isLast = index === terms.length - 1;
      return isLast && typing && [...term].length >= MIN_PREFIX_LENGTH ? `${quote(term)}*` : quote(term);
    })
    .join(" ");
}

function trigramsOfWord(word: string): string[] {
  const chars = [...word];
  const out: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i++) out.push(chars.slice(i, i + 3).join(""));
  return out;
}

/**
 * The distinct trigrams of the query's words of three or more characters: a name's fuzzy score
 * is how many of them it contains.
 */
export function queryTrigrams(q: string): string[] {
  const out: string[] = [];
  for (const term of searchTerms(q)) {
    for (const trigram of trigramsOfWord(term)) {
      if (!out.includes(trigram)) out.push(trigram);
      if (out.length === MAX_TRIGRAMS) return out;
    }
  }
  return out;
}

/** A MATCH expression for the trigram table: names containing any of `trigrams`. */
export function anyTrigram(trigrams: readonly string[]): string {
  return trigrams.map(quote).join(" OR ");
}

/** How many of `trigrams` a fuzzy match must contain. */
export function minTrigramHits(trigramCount: number): number {
  return Math.max(1, Math.ceil(trigramCount * TRIGRAM_MIN_SHARE));
}

// ── Highlighting ────────────────────────────────────────────────────────────

/**
 * Markers FTS5's snippet() puts around matches. Control characters cannot occur in stored
 * catalog text (the schemas refuse them), so they cannot be forged by a product's content.
 */
export const MARK_OPEN = "\u0001";
export const MARK_CLOSE = "\u0002";

const htmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEscapes[char] ?? char);
}

/**
 * Escapes everything, then turns the snippet markers into balanced `<mark>` elements. The
 * result contains no markup other than `<mark>` and `</mark>`.
 */
export function markedToHtml(marked: string): string {
  let html = "";
  let open = false;
  for (const char of marked) {
    if (char === MARK_OPEN) {
      if (!open) html += "<mark>";
      open = true;
    } else if (char === MARK_CLOSE) {
      if (open) html += "</mark>";
      open = false;
    } else {
      html += htmlEscapes[char] ?? char;
    }
  }
  return open ? `${html}</mark>` : html;
}

function trigramShare(word: string, queryTrigrams: readonly string[]): number {
  const own = new Set(trigramsOfWord(word));
  if (own.size === 0 || queryTrigrams.length === 0) return 0;
  let shared = 0;
  for (const trigram of own) if (queryTrigrams.includes(trigram)) shared++;
  return shared / own.size;
}

/**
 * A highlight for a fuzzy (trigram) match, which has no FTS5 snippet: the words of `text`
 * that equal, start with, or share most trigrams with a query word are marked.
 */
export function fuzzyHighlight(text: string, q: string): string {
  const terms = searchTerms(q);
  const trigrams = queryTrigrams(q);
  let html = "";
  let last = 0;
  for (const match of text.matchAll(wordPattern)) {
    const word = match[0];
    const start = match.index;
    const lower = word.toLowerCase();
    const hit =
      terms.some((term) => lower === term || (term.length >= MIN_PREFIX_LENGTH && lower.startsWith(term))) ||
      trigramShare(lower, trigrams) >= TRIGRAM_MIN_SHARE;
    html += escapeHtml(text.slice(last, start));
    html += hit ? `<mark>${escapeHtml(word)}</mark>` : escapeHtml(word);
    last = start + word.length;
  }
  return html + escapeHtml(text.slice(last));
}
