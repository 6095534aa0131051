/**
 * Only same-site relative paths: "/account?tab=1" passes; "//evil.example", "/\evil.example",
 * "https://…", "javascript:…" and anything with control characters (which browsers strip,
 * turning "/\t/evil.example" into "//evil.example") fall back to `fallback`.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  // Browsers treat "\" as "/" in URLs; no legitimate path of ours contains one.
  if (to.includes("\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  try {
    const base = "https://same-site.invalid";
    const url = new URL(to, base);
    if (url.origin !== base) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
