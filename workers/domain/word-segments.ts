/**
 * Word boundaries for scripts written without spaces. FTS5's unicode61 tokenizer splits on
 * spaces and punctuation only, so "手作りのパン" would be one token and "パン" could not find it.
 * Text is cut into words with Intl.Segmenter (ICU's dictionary for Japanese and Chinese) and the
 * words are joined with U+200B ZERO WIDTH SPACE, which unicode61 treats as a separator (it is
 * neither a letter nor a number) and which renders as nothing. The same cut is applied to the
 * indexed text (at write time) and to what the shopper types, so both sides agree.
 * See docs/decisions/015-multilingual-search.md.
 */

/** The separator put between segmented words; removed again from anything shown. */
export const WORD_JOINER = "\u200b";

const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const cjkRun = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u3005]+/gu;

let segmenter: Intl.Segmenter | undefined;
/** Japanese rules also cut Chinese (Han) runs reasonably; one segmenter serves every language. */
const wordSegmenter = () => (segmenter ??= new Intl.Segmenter("ja", { granularity: "word" }));

export function hasCjk(text: string): boolean {
  return cjk.test(text);
}

/** The words of a run of CJK text (no spaces in it), in order. */
export function cjkWords(run: string): string[] {
  return [...wordSegmenter().segment(run)].filter((part) => part.isWordLike).map((part) => part.segment);
}

/**
 * `text` with a WORD_JOINER between the words of every CJK run; anything else unchanged.
 * Idempotent, and `stripWordJoiners` undoes it.
 */
export function segmentForIndex(text: string): string {
  if (!hasCjk(text)) return text;
  return stripWordJoiners(text).replace(cjkRun, (run) => cjkWords(run).join(WORD_JOINER));
}

export function stripWordJoiners(text: string): string {
  return text.replaceAll(WORD_JOINER, "");
}
