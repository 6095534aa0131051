import type { MetaDescriptor } from "@remix-run/cloudflare";
import { pageTitle } from "./navigation";

/**
 * The page's `<title>`, description and Open Graph basics. The canonical link and the
 * language alternates are rendered by the layout for every page (components/alternates.tsx).
 */
export function seoMeta({
  title,
  description,
  canonical,
  image,
  noindex = false,
  type = "website",
}: {
  title: string;
  description: string;
  /** Absolute URL, in the page's language: the og:url. */
  canonical?: string | null;
  /** Absolute URL. */
  image?: string | null;
  noindex?: boolean;
  type?: "website" | "product";
}): MetaDescriptor[] {
  const full = pageTitle(title);
  const tags: MetaDescriptor[] = [
    { title: full },
    { name: "description", content: description },
    { property: "og:title", content: title },
    { property: "og:description", content: description },
    { property: "og:type", content: type },
  ];
  if (canonical) tags.push({ property: "og:url", content: canonical });
  if (image) tags.push({ property: "og:image", content: image });
  if (noindex) tags.push({ name: "robots", content: "noindex, follow" });
  return tags;
}

/** Cuts text to about `max` characters at a word boundary, for meta descriptions. */
export function excerpt(text: string, max = 155): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,.;:!?-]+$/, "")}…`;
}

/**
 * JSON for a `<script type="application/ld+json">`. `<` becomes \u003c so no value can close
 * the script element (`</script>`) or open a comment; `>`, `&` and the two JavaScript line
 * terminators are escaped too, which JSON parsers read back unchanged.
 */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** An absolute URL on this site for `path` (which must start with "/"). */
export function absoluteUrl(origin: string, path: string): string {
  return new URL(path, origin).toString();
}
