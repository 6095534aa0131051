/**
 * Security headers for every response the Worker produces (API, site, images). Static assets
 * served before the Worker get theirs from web/public/_headers.
 */
export function contentSecurityPolicy(nonce?: string): string {
  const scripts = nonce ? `'self' 'nonce-${nonce}'` : "'self'";
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

export function applySecurityHeaders(response: Response, nonce?: string): Response {
  // Responses from fetch() or caches have immutable headers; copy those before editing.
  let target = response;
  try {
    target.headers.set("x-content-type-options", "nosniff");
  } catch {
    target = new Response(response.body, response);
    target.headers.set("x-content-type-options", "nosniff");
  }
  const headers = target.headers;
  if (!headers.has("content-security-policy")) {
    headers.set("content-security-policy", contentSecurityPolicy(nonce));
  }
  headers.set("strict-transport-security", "max-age=63072000; includeSubDomains; preload");
  headers.set("referrer-policy", "strict-origin-when-cross-origin");
  headers.set("x-frame-options", "DENY");
  headers.set("cross-origin-opener-policy", "same-origin");
  headers.set("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(self)");
  return target;
}
