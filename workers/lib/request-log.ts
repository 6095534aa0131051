/** Request ids and the one structured log line per API request, shared by the API and the cache's early answer. */

const clientRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's x-request-id when it is a sane token, else a new one. */
export function requestIdOf(request: Request): string {
  const incoming = request.headers.get("x-request-id");
  return incoming && clientRequestId.test(incoming) ? incoming : crypto.randomUUID();
}

/** The one structured log line per API request. */
export function logRequest(line: { requestId: string; method: string; path: string; status: number; durationMs: number; userId?: string | undefined }): void {
  console.log(JSON.stringify({ level: line.status >= 500 ? "error" : "info", msg: "request", ...line }));
}
