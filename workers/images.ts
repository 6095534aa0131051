const imageKey = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,254}$/;

/** The object key a path names, or null when its percent-encoding is malformed ("%ZZ"), which names no image. */
function decodedKey(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

/**
 * GET/HEAD /images/:key from R2. Keys are content-addressed or never reused, so responses
 * are cached for a year and revalidate with the object's ETag.
 */
export async function serveImage(request: Request, env: Env): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response("Method not allowed", { status: 405, headers: { allow: "GET, HEAD" } });
  }
  const key = decodedKey(new URL(request.url).pathname.slice("/images/".length));
  if (key === null || !imageKey.test(key) || key.includes("..")) {
    return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  }
  const object = await env.IMAGES.get(key, { onlyIf: request.headers });
  if (!object) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set("etag", object.httpEtag);
  headers.set("cache-control", "public, max-age=31536000, immutable");
  if (key.endsWith(".svg")) {
    // SVG can carry script; served as an image with a locked-down policy it cannot run.
    headers.set("content-type", "image/svg+xml");
    headers.set("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
  }
  if (!("body" in object) || request.method === "HEAD") {
    return new Response(null, { status: "body" in object ? 200 : 304, headers });
  }
  return new Response(object.body, { headers });
}
