/**
 * How the search box ranks what it suggests: products, categories and past queries, each
 * matched by the starts of its words, never by a string found inside a word ("head" suggests
 * Headphones, not Bread or Shea Butter). See docs/decisions/023-facets-and-suggestions.md.
 */
import { indexWords, queryWords } from "./search-query";
import { foldWord } from "./typo-match";

/** How well a text's words start with the typed words: 0 the text starts with them, 1 elsewhere. */
export type WordStartRank = 0 | 1;

/**
 * Whether every typed word starts a distinct word of `text`, and how well: the word being typed
 * (the last, unless the query ends in a space) may be the start of a word, the others must be
 * whole words, as in the search itself. Null when the text does not match.
 */
export function wordStartRank(text: string, q: string): WordStartRank | null {
  const typed = queryWords(q).map((word) => ({ term: foldWord(word.term), prefix: word.prefix }));
  if (typed.length === 0) return null;
  const words = indexWords(text);
  const used = new Set<number>();
  let first: number | null = null;
  for (const word of typed) {
    const at = words.findIndex((candidate, index) => !used.has(index) && (word.prefix ? candidate.startsWith(word.term) : candidate === word.term));
    if (at === -1) return null;
    used.add(at);
    first ??= at;
  }
  return first === 0 ? 0 : 1;
}

/** The best rank any of a thing's texts (its name in several languages, a brand) reaches. */
export function bestWordStartRank(texts: readonly (string | null | undefined)[], q: string): WordStartRank | null {
  let best: WordStartRank | null = null;
  for (const text of texts) {
    if (!text) continue;
    const rank = wordStartRank(text, q);
    if (rank !== null && (best === null || rank < best)) best = rank;
  }
  return best;
}

/**
 * The candidates whose texts match `q` by word starts, best first: those that start with
 * the typed words, then the others, each group in the order given (the caller's own order:
 * relevance, popularity). At most `limit`.
 */
export function rankByWordStart<T>(candidates: readonly T[], q: string, textsOf: (candidate: T) => readonly (string | null | undefined)[], limit: number): T[] {
  return candidates
    .map((candidate, index) => ({ candidate, index, rank: bestWordStartRank(textsOf(candidate), q) }))
    .filter((entry): entry is { candidate: T; index: number; rank: WordStartRank } => entry.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

/**
 * How many of the typed words start a word of `text`, each typed word taken as a start: how
 * related a past search is to one that found nothing ("trail lamp xq" and "trail lamp" share 2).
 */
export function sharedWordStarts(text: string, q: string): number {
  const words = indexWords(text);
  return [...new Set(indexWords(q))].filter((typed) => words.some((word) => word.startsWith(typed))).length;
}

/**
 * Past searches to offer after a search that found nothing: those sharing the most word starts
 * with it first (then in the given order, most searched first), then the others.
 */
export function relatedFirst(queries: readonly string[], q: string): string[] {
  const typed = normalizedQuery(q);
  return queries
    .filter((query) => query !== typed)
    .map((query, index) => ({ query, index, shared: sharedWordStarts(query, q) }))
    .sort((a, b) => b.shared - a.shared || a.index - b.index)
    .map((entry) => entry.query);
}

/** Past queries are stored and compared in this form: folded words, one space apart. */
export const MAX_STORED_QUERY_LENGTH = 100;
const MAX_STORED_QUERY_WORDS = 8;

/**
 * The form a search is counted under (so "Crew  Tee" and "crew tee" are one query); null when
 * it has no words or is too long to be a useful suggestion.
 */
export function normalizedQuery(q: string): string | null {
  const words = indexWords(q);
  if (words.length === 0 || words.length > MAX_STORED_QUERY_WORDS) return null;
  const joined = words.join(" ");
  return joined.length <= MAX_STORED_QUERY_LENGTH ? joined : null;
}

/** Suggested past queries are only those that found products, at most this many per language. */
export const STORED_QUERIES_PER_LANGUAGE = 1000;
/** A query not searched for this long is forgotten. */
export const STORED_QUERY_TTL_DAYS = 90;
