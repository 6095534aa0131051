/**
 * Search highlights arrive from the API as HTML: the text escaped, with `<mark>` around the
 * matches (workers/domain/search-query.ts, markedToHtml / fuzzyHighlight). This checks that
 * promise before the site injects it: once `<mark>` and `</mark>` are taken out, no `<` or
 * `>` may be left and every `&` must start a character reference. Anything else is refused
 * (null), and the caller shows plain text instead.
 */
export function trustedHighlight(html: string): string | null {
  const text = html.replace(/<\/?mark>/g, "");
  if (/[<>]/.test(text)) return null;
  if (/&(?!(?:[a-z]{2,8}|#\d{1,7}|#x[0-9a-f]{1,6});)/i.test(text)) return null;
  return html;
}

/** The highlight's words without any markup, for when it cannot be trusted. */
export function highlightText(html: string): string {
  return html
    .replace(/<[^>]*>?/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
