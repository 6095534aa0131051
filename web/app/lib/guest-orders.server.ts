import { createCookie, type AppLoadContext, type Cookie } from "@remix-run/cloudflare";
import { z } from "zod";
import { orderTokenField } from "../../../workers/domain/schemas/orders";
import { appConfig } from "../../../workers/env";

/**
 * A guest's order on the site (docs/decisions/012-guest-checkout.md). The order page is opened
 * with `?token=`; the site remembers the last such link in a short-lived HttpOnly cookie, and
 * at sign-in or registration asks the API to attach the guest's orders with it. The API alone
 * decides whether the token proves the address (only an emailed link's does), so a token the
 * shopper merely got back from checkout attaches nothing.
 */

const CLAIM_MAX_AGE = 60 * 60;
const remembered = z.object({ orderId: z.string().min(1).max(64), token: orderTokenField });

function claimCookie(request: Request, context: AppLoadContext): Cookie {
  const secure = new URL(request.url).protocol === "https:";
  return createCookie(secure ? "__Host-sf_order_link" : "sf_order_link", {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    secrets: [appConfig(context.cloudflare.env).SESSION_SECRET],
    maxAge: CLAIM_MAX_AGE,
  });
}

/** The order token a page was opened with (`?token=`), if it looks like one. */
export function orderTokenOf(request: Request): string | null {
  const token = new URL(request.url).searchParams.get("token");
  return token && orderTokenField.safeParse(token).success ? token : null;
}

function parseRemembered(value: string): z.infer<typeof remembered> | null {
  try {
    const candidate = remembered.safeParse(JSON.parse(value));
    return candidate.success ? candidate.data : null;
  } catch {
    return null; // not JSON: a cookie from another version of the site
  }
}

/** Set-Cookie remembering the order link this page was opened with. */
export function rememberOrderLink(request: Request, context: AppLoadContext, orderId: string, token: string): Promise<string> {
  return claimCookie(request, context).serialize(JSON.stringify({ orderId, token }));
}

/**
 * After sign-in or registration: attaches the guest orders the remembered link proves, and
 * clears the cookie whatever the answer (a refusal will not change on a retry). Returns the
 * Set-Cookie headers to send; none when nothing was remembered.
 */
export async function claimRememberedOrders(request: Request, context: AppLoadContext, accessToken: string): Promise<string[]> {
  const cookie = claimCookie(request, context);
  const value: unknown = await cookie.parse(request.headers.get("Cookie"));
  if (typeof value !== "string") return [];
  const parsed = parseRemembered(value);
  if (parsed) {
    const response = await context.api("/orders/claim", { method: "POST", json: parsed, accessToken });
    if (!response.ok && response.status >= 500) {
      console.warn(JSON.stringify({ level: "warn", msg: "guest_order_claim_failed", status: response.status, requestId: context.requestId }));
    }
  }
  return [await cookie.serialize("", { maxAge: 0, expires: new Date(0) })];
}
