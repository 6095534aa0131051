/**
 * CSRF defence for the site's POST actions. The session cookie is SameSite=Lax already;
 * this also refuses cross-origin posts from sibling subdomains (same-site, so Lax lets
 * them through) and from browsers that do not enforce SameSite.
 *
 * - `Origin` present: it must equal this request's origin (`null`, sent from opaque or
 *   privacy-sensitive contexts, is refused).
 * - No `Origin`: `Sec-Fetch-Site` must be `same-origin` or `none` (typed by the user).
 * - Neither header: allowed. Every current browser sends `Origin` on POST, so only
 *   non-browser clients get here, and they cannot ride a visitor's cookies.
 */
export function isSameOriginRequest(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === new URL(request.url).origin;
  const site = request.headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}
