/**
 * Typo tolerance the way typo-tolerant search engines do it: a query word matches the indexed
 * words within a small edit distance, counting a swap of two neighbouring letters as one edit
 * (optimal string alignment, the restricted Damerau–Levenshtein distance). Short words get no
 * edits, since one edit turns "tv" into half the vocabulary.
 */

/** Edits allowed for a word of this many characters: none below 4, one up to 7, two from 8. */
export function allowedEdits(word: string): number {
  const length = [...word].length;
  if (length < 4) return 0;
  return length < 8 ? 1 : 2;
}

/**
 * The optimal-string-alignment distance between `a` and `b` (insertions, deletions,
 * substitutions and transpositions of adjacent characters, each 1), by code point. Stops early
 * and returns `max + 1` once the distance must exceed `max`.
 */
export function osaDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  // Three rows: the one before the previous is needed for transpositions.
  let before: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[t.length]!;
}

/**
 * Folds a word the way the index's tokenizer (unicode61, remove_diacritics 2) stores it, so a
 * query word can be compared with the vocabulary: lower case, diacritics removed.
 */
export function foldWord(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC").toLowerCase();
}

/** At most this many corrections per query word, closest first. */
export const MAX_CORRECTIONS = 6;

/**
 * The words of `vocabulary` within the edit distance `term` allows, closest first (then the
 * more frequent, then alphabetically), without the term itself. Vocabulary words are compared
 * as stored (folded); the term is folded here.
 */
export function typoCorrections(term: string, vocabulary: readonly { word: string; docs?: number }[]): string[] {
  const folded = foldWord(term);
  const max = allowedEdits(folded);
  if (max === 0) return [];
  const found: { word: string; distance: number; docs: number }[] = [];
  for (const { word, docs = 0 } of vocabulary) {
    if (word === folded) continue;
    const distance = osaDistance(folded, word, max);
    if (distance <= max) found.push({ word, distance, docs });
  }
  found.sort((a, b) => a.distance - b.distance || b.docs - a.docs || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  return found.slice(0, MAX_CORRECTIONS).map((entry) => entry.word);
}
