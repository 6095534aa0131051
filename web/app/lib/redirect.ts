const BASE = "http://x.invalid";

/**
 * Only same-site relative paths: "/account?tab=1" passes; "//evil.example", "/\evil.example",
 * "https://…", "javascript:…" and anything with control characters (which browsers strip,
 * turning "/\t/evil.example" into "//evil.example") fall back to `fallback`.
 *
 * The answer is the normalised path, so the checks apply to that, not to what was sent:
 * "/.//evil.example", "/..//evil.example" and "/%2e//evil.example" all normalise to
 * "//evil.example", which a browser reads as another host.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  if (!to.startsWith("/")) return fallback;
  // Browsers treat "\" as "/" in URLs; no legitimate path of ours contains one.
  if (to.includes("\\")) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const target = `${url.pathname}${url.search}${url.hash}`;
  if (!isSameSitePath(target)) return fallback;
  return target;
}

/** Whether a browser on any page of this site, following `path`, stays on this site. */
function isSameSitePath(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//") || path.includes("\\")) return false;
  try {
    return new URL(path, `${BASE}/some/page`).origin === BASE;
  } catch {
    return false;
  }
}
