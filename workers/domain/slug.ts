export const SLUG_MAX_LENGTH = 100;
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * "Café Crème — 2 L" → "cafe-creme-2-l". Null when nothing usable is left (a name in a
 * script without Latin letters): the caller then asks for an explicit slug.
 */
export function slugify(text: string): string | null {
  const slug = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!slug) return null;
  if (slug.length <= SLUG_MAX_LENGTH) return slug;
  // Cut at a word boundary so the slug does not end in half a word.
  const cut = slug.slice(0, SLUG_MAX_LENGTH + 1);
  const boundary = cut.lastIndexOf("-");
  return (boundary > 0 ? cut.slice(0, boundary) : cut.slice(0, SLUG_MAX_LENGTH)).replace(/-+$/, "");
}
