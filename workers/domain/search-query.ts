/**
 * Turns what a shopper typed into FTS5 MATCH expressions, and FTS5 snippets into
 * HTML that is safe to render. User text is never passed to FTS5 as syntax: it is cut into
 * words (letters, marks and digits only) and every word is quoted, so quotes, `*`, `-`, `:`,
 * parentheses, NEAR, AND/OR/NOT and column filters all lose their meaning.
 */

import { foldWord } from "./typo-match";
import { segmentForIndex, stripWordJoiners, WORD_JOINER } from "./word-segments";

export const SEARCH_QUERY_MAX_LENGTH = 200;
/** Bounds the work one query can ask of FTS5 (and the bound parameters D1 allows). */
const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 40;
/** A prefix of one letter would expand to a large part of the vocabulary. */
const MIN_PREFIX_LENGTH = 2;

const wordPattern = /[\p{L}\p{M}\p{N}]+/gu;
const endsInWord = /[\p{L}\p{M}\p{N}]$/u;

/**
 * The query's distinct words, lower-cased, at most MAX_TERMS of them. Runs of Japanese (or
 * other space-less scripts) are cut into words the way the index cuts them, so "手作りのパン"
 * is the three words the index holds.
 */
export function searchTerms(q: string): string[] {
  const terms: string[] = [];
  for (const match of q.normalize("NFC").toLowerCase().matchAll(wordPattern)) {
    for (const word of segmentForIndex(match[0]).split(WORD_JOINER)) {
      const term = [...word].slice(0, MAX_TERM_LENGTH).join("");
      if (term !== "" && !terms.includes(term)) terms.push(term);
      if (terms.length === MAX_TERMS) return terms;
    }
  }
  return terms;
}

/**
 * Every word of a text (a product name, a category, a past query), folded the way the index
 * folds it (case, diacritics) and cut like the index (Japanese runs into words), in order.
 */
export function indexWords(text: string): string[] {
  const words: string[] = [];
  for (const match of text.normalize("NFC").matchAll(wordPattern)) {
    for (const word of segmentForIndex(match[0]).split(WORD_JOINER)) if (word !== "") words.push(foldWord(word));
  }
  return words;
}

const quote = (term: string) => `"${term.replaceAll('"', '""')}"`;

/** One query word and whether it is matched as the start of a word (the one being typed). */
export interface QueryWord {
  term: string;
  prefix: boolean;
}

/**
 * The query's words; the last is a prefix while the shopper is still typing it (the query does
 * not end in a space or punctuation) and has at least two characters, so "head" finds
 * "headphones". Prefixes match the start of an indexed word, never its middle.
 */
export function queryWords(q: string): QueryWord[] {
  const terms = searchTerms(q);
  const typing = endsInWord.test(q);
  return terms.map((term, index) => ({
    term,
    prefix: index === terms.length - 1 && typing && [...term].length >= MIN_PREFIX_LENGTH,
  }));
}

const wordExpression = (word: QueryWord) => (word.prefix ? `${quote(word.term)}*` : quote(word.term));

/** An FTS5 expression matching every word (implicit AND). Null when the query has no words at all. */
export function ftsExpression(q: string): string | null {
  const words = queryWords(q);
  return words.length === 0 ? null : words.map(wordExpression).join(" ");
}

/**
 * The words worth correcting, folded as the index stores them: those long enough to allow an
 * edit (workers/domain/typo-match.ts), at most MAX_TERMS.
 */
export function correctableTerms(q: string): string[] {
  return queryWords(q)
    .map((word) => foldWord(word.term))
    .filter((term) => [...term].length >= 4);
}

/**
 * One FTS5 expression per query word for the typo-tolerant pass: the word as typed (a prefix
 * while typing) or any of its corrections, e.g. `("paarllax" OR "parallax")`.
 */
export function typoGroups(q: string, correctionsOf: (term: string) => readonly string[]): string[] {
  return queryWords(q).map((word) => {
    const alternatives = [wordExpression(word), ...correctionsOf(foldWord(word.term)).map(quote)];
    return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(" OR ")})`;
  });
}

/** Rows matching any of the groups. */
export function anyGroup(groups: readonly string[]): string {
  return groups.join(" OR ");
}

/** Each query word's own expression (as typed, a prefix while typing), in query order. */
export function typedGroups(q: string): string[] {
  return queryWords(q).map(wordExpression);
}

/**
 * A near miss either matches every word, some through corrections, or misses one word and
 * matches all the others as typed: "red scarf" finds a blue scarf when too few red ones exist,
 * but "near tent" does not find a "dear" product that has no tent. This is how many words it
 * must match as typed when it misses one (queries of one word cannot miss one).
 */
export function typedHitsWhenOneMissing(wordCount: number): number | null {
  return wordCount < 2 ? null : wordCount - 1;
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
  // The index's word separators (see word-segments.ts) are not part of the text.
  for (const char of stripWordJoiners(marked)) {
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
