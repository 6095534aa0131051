import { isSameOriginRequest } from "../../../workers/domain/request-origin";

export { isSameOriginRequest };

/**
 * Called first in every action: a cross-site POST gets 403 before anything else runs. A
 * thrown Response renders the error page on document routes and is returned as-is from
 * resource routes (such as /logout).
 */
export function assertSameOrigin(request: Request): void {
  if (isSameOriginRequest(request)) return;
  throw new Response("This form was sent from another site, so it was refused.", {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
