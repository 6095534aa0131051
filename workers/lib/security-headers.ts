/**
 * Security headers for every response the Worker produces (API, site, images). Static assets
 * served before the Worker get theirs from web/public/_headers.
 */
export function contentSecurityPolicy(nonce?: string, { inlineStyles = false }: { inlineStyles?: boolean } = {}): string {
  const scripts = nonce ? `'self' 'nonce-${nonce}'` : "'self'";
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
    // Styles come from the built stylesheet, plus the <style> elements the site's own bundle
    // adds with the page's nonce (the dialogs' scroll lock, decision 020). No style attributes.
    inlineStyles ? "style-src 'self' 'unsafe-inline'" : nonce ? `style-src 'self' 'nonce-${nonce}'` : "style-src 'self'",
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

/**
 * The one page allowed inline styles: the API reference at /api/docs. Its viewer (Scalar,
 * served from the client build) injects its stylesheet as <style> elements at run time, and
 * the page shows only the OpenAPI document; scripts stay 'self' (decision 009).
 */
export const apiDocsContentSecurityPolicy = contentSecurityPolicy(undefined, { inlineStyles: true });
