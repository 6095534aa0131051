import { FetchInterceptor } from "@mswjs/interceptors/fetch";
import { env } from "cloudflare:workers";
import { http, HttpResponse } from "msw";
import { defineNetwork, InterceptorSource } from "msw/experimental";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { appConfig } from "../workers/env";
import { EmailRejectedError, EmailTemporaryError, resendProvider } from "../workers/lib/email/providers";
import { api, createAdmin, freshIp, problemOf, registerUser, uniqueEmail } from "./helpers";
import { createSku } from "./factories/stock";
import { addToCart, checkout, waitForOrder, type OrderJson } from "./checkout-helpers";

const network = defineNetwork({ sources: [new InterceptorSource({ interceptors: [new FetchInterceptor()] })], onUnhandledFrame: "bypass" });
beforeAll(() => network.enable());
afterEach(() => network.resetHandlers());
afterAll(() => network.disable());

async function resetLinkFor(email: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const row = await env.DB.prepare("SELECT text, status FROM email_outbox WHERE to_address = ? AND template = 'password_reset' ORDER BY created_at DESC LIMIT 1")
      .bind(email)
      .first<{ text: string; status: string }>();
    if (row) return /token=([A-Za-z0-9_%-]+)/.exec(row.text)![1]!;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("no reset email");
}

describe("forgot and reset password", () => {
  it("emails a single-use link that resets the password and signs every session out", async () => {
    const session = await registerUser();
    const forgot = await api("/auth/forgot-password", { method: "POST", json: { email: session.user.email } });
    expect(forgot.status).toBe(202);
    const token = decodeURIComponent(await resetLinkFor(session.user.email));
    const reset = await api("/auth/reset-password", { method: "POST", json: { token, newPassword: "a fresh new passphrase" } });
    expect(reset.status).toBe(204);
    expect((await api("/auth/refresh", { method: "POST", json: { refreshToken: session.refreshToken } })).status).toBe(401);
    expect((await api("/auth/login", { method: "POST", json: { email: session.user.email, password: "a fresh new passphrase" } })).status).toBe(200);
    const again = await api("/auth/reset-password", { method: "POST", json: { token, newPassword: "yet another passphrase" } });
    expect(again.status).toBe(400);
    expect((await problemOf(again)).code).toBe("invalid_token");
  });

  it("refuses a common new password with a field error and leaves the link usable", async () => {
    const session = await registerUser();
    await api("/auth/forgot-password", { method: "POST", json: { email: session.user.email } });
    const token = decodeURIComponent(await resetLinkFor(session.user.email));
    const weak = await api("/auth/reset-password", { method: "POST", json: { token, newPassword: "Password123!" } });
    expect(weak.status).toBe(400);
    expect((await problemOf(weak)).errors).toEqual([{ path: "newPassword", message: expect.stringMatching(/^This password is too easy to guess/) }]);
    expect((await api("/auth/refresh", { method: "POST", json: { refreshToken: session.refreshToken } })).status).toBe(200);
    expect((await api("/auth/reset-password", { method: "POST", json: { token, newPassword: "a fresh new passphrase" } })).status).toBe(204);
  });

  it("checks a link without spending it, and answers a spent, expired or forged one with the reset's own 400", async () => {
    const session = await registerUser();
    await api("/auth/forgot-password", { method: "POST", json: { email: session.user.email } });
    const token = decodeURIComponent(await resetLinkFor(session.user.email));
    const check = () => api("/auth/reset-password/check", { method: "POST", json: { token } });
    for (let i = 0; i < 2; i++) {
      const live = await check();
      expect(live.status).toBe(200);
      const body = (await live.json()) as Record<string, unknown>;
      // The expiry only: nothing says whose link it is.
      expect(Object.keys(body)).toEqual(["expiresAt"]);
      expect(Date.parse(String(body.expiresAt))).toBeGreaterThan(Date.now());
    }
    expect(await env.DB.prepare("SELECT used_at FROM password_reset_tokens WHERE user_id = ?").bind(session.user.id).first("used_at")).toBeNull();

    const forged = await api("/auth/reset-password/check", { method: "POST", json: { token: "forged" } });
    expect(forged.status).toBe(400);
    const problem = await problemOf(forged);
    expect(problem.code).toBe("invalid_token");
    expect(problem.errors).toEqual([{ path: "token", message: "This reset link is invalid, expired or already used." }]);

    expect((await api("/auth/reset-password", { method: "POST", json: { token, newPassword: "a fresh new passphrase" } })).status).toBe(204);
    expect((await check()).status).toBe(400);

    await api("/auth/forgot-password", { method: "POST", json: { email: session.user.email } });
    const second = decodeURIComponent(await resetLinkFor(session.user.email));
    await env.DB.prepare("UPDATE password_reset_tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE user_id = ?").bind(session.user.id).run();
    expect((await api("/auth/reset-password/check", { method: "POST", json: { token: second } })).status).toBe(400);
  });

  it.each([[{}], [{ token: "" }], [{ token: "x".repeat(513) }], [{ token: 5 }], [{ token: "abc", extra: true }]])(
    "400s a malformed check %j",
    async (json) => {
      expect((await api("/auth/reset-password/check", { method: "POST", json })).status).toBe(400);
    },
  );

  it("is rate limited per client with the other reset requests", async () => {
    const ip = freshIp();
    const limit = appConfig(env).AUTH_ATTEMPTS_PER_CLIENT;
    let last: Response | undefined;
    for (let i = 0; i <= limit; i++) {
      last = await api("/auth/reset-password/check", { method: "POST", json: { token: "forged" }, ip });
    }
    expect(last!.status).toBe(429);
    expect(last!.headers.get("retry-after")).toBeTruthy();
  });

  it("answers 202 for an unknown email and sends nothing", async () => {
    const email = uniqueEmail("nobody");
    expect((await api("/auth/forgot-password", { method: "POST", json: { email } })).status).toBe(202);
    expect(await env.DB.prepare("SELECT id FROM email_outbox WHERE to_address = ?").bind(email).first()).toBeNull();
  });

  it("refuses an expired or forged token with 400, changing nothing", async () => {
    const session = await registerUser();
    await api("/auth/forgot-password", { method: "POST", json: { email: session.user.email } });
    const token = decodeURIComponent(await resetLinkFor(session.user.email));
    await env.DB.prepare("UPDATE password_reset_tokens SET expires_at = '2000-01-01T00:00:00.000Z' WHERE user_id = ?").bind(session.user.id).run();
    expect((await api("/auth/reset-password", { method: "POST", json: { token, newPassword: "a fresh new passphrase" } })).status).toBe(400);
    expect((await api("/auth/reset-password", { method: "POST", json: { token: "forged", newPassword: "a fresh new passphrase" } })).status).toBe(400);
    expect((await api("/auth/reset-password", { method: "POST", json: { token, newPassword: "short" } })).status).toBe(400);
    expect((await api("/auth/login", { method: "POST", json: { email: session.user.email, password: session.password } })).status).toBe(200);
  });
});

describe("notifications", () => {
  it("lists, counts unread, marks read, and hides other users' notifications", async () => {
    const sku = await createSku(5);
    const shopper = await registerUser();
    const stranger = await registerUser();
    await addToCart(shopper, sku);
    const { order } = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
    await waitForOrder(shopper, order.id, (o) => o.status === "paid");
    const list = (await (await api("/notifications", { token: shopper.accessToken })).json()) as { items: { id: string; read: boolean; orderId: string }[]; unreadCount: number };
    expect(list.unreadCount).toBe(2);
    expect(list.items.every((item) => item.orderId === order.id)).toBe(true);
    const first = list.items[0]!;
    expect((await api(`/notifications/${first.id}/read`, { method: "PUT", token: stranger.accessToken })).status).toBe(404);
    const read = await api(`/notifications/${first.id}/read`, { method: "PUT", token: shopper.accessToken });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: first.id, read: true });
    const unread = (await (await api("/notifications?unread=true", { token: shopper.accessToken })).json()) as { items: unknown[]; unreadCount: number };
    expect(unread.unreadCount).toBe(1);
    expect(unread.items).toHaveLength(1);
    expect((await api("/notifications?unread=maybe", { token: shopper.accessToken })).status).toBe(400);
  });
});

describe("admin refunds", () => {
  it("refunds part of a payment, then the rest, and refuses more", async () => {
    const admin = await createAdmin();
    const sku = await createSku(5, 5_000);
    const shopper = await registerUser();
    await addToCart(shopper, sku);
    const { order } = (await (await checkout(shopper, { token: "tok_visa" })).json()) as { order: OrderJson };
    const paid = await waitForOrder(shopper, order.id, (o) => o.status === "paid");
    const paymentId = paid.payments[0]!.id;
    expect((await api(`/payments/${paymentId}/refund`, { method: "POST", token: shopper.accessToken, json: {} })).status).toBe(403);
    const partial = await api(`/payments/${paymentId}/refund`, { method: "POST", token: admin.accessToken, json: { amountCents: 1_000 } });
    expect(partial.status).toBe(200);
    const afterPartial = await waitForOrder(shopper, order.id, (o) => o.refundedCents === 1_000);
    expect(afterPartial.paymentStatus).toBe("succeeded");
    const tooMuch = await api(`/payments/${paymentId}/refund`, { method: "POST", token: admin.accessToken, json: { amountCents: paid.totalCents } });
    expect(tooMuch.status).toBe(409);
    expect((await api(`/payments/${paymentId}/refund`, { method: "POST", token: admin.accessToken, json: { amountCents: -5 } })).status).toBe(400);
    const rest = await api(`/payments/${paymentId}/refund`, { method: "POST", token: admin.accessToken, json: {} });
    expect(rest.status).toBe(200);
    const refunded = await waitForOrder(shopper, order.id, (o) => o.paymentStatus === "refunded");
    expect(refunded.refundedCents).toBe(refunded.totalCents);
    expect((await api(`/payments/${paymentId}/refund`, { method: "POST", token: admin.accessToken, json: {} })).status).toBe(409);
    const payment = (await (await api(`/payments/${paymentId}`, { token: shopper.accessToken })).json()) as { status: string; refunds: unknown[] };
    expect(payment.status).toBe("refunded");
    expect(payment.refunds).toHaveLength(2);
  });
});

describe("the Resend email provider", () => {
  const config = () => ({ ...appConfig(env), EMAIL_PROVIDER: "resend" as const });
  const email = { id: "eml_1", from: "Shop <a@b.c>", to: "x@example.test", subject: "Hi", html: "<p>Hi</p>", text: "Hi" };

  it("sends with the outbox id as the idempotency key", async () => {
    let key: string | null = null;
    network.use(
      http.post("https://api.resend.com/emails", ({ request }) => {
        key = request.headers.get("idempotency-key");
        return HttpResponse.json({ id: "resend_1" });
      }),
    );
    expect(await resendProvider(config()).deliver(email)).toEqual({ providerMessageId: "resend_1" });
    expect(key).toBe("eml_1");
  });

  it("retries on 5xx and 429, gives up on 4xx", async () => {
    network.use(http.post("https://api.resend.com/emails", () => new HttpResponse("down", { status: 503 })));
    await expect(resendProvider(config()).deliver(email)).rejects.toBeInstanceOf(EmailTemporaryError);
    network.use(http.post("https://api.resend.com/emails", () => new HttpResponse("slow down", { status: 429 })));
    await expect(resendProvider(config()).deliver(email)).rejects.toBeInstanceOf(EmailTemporaryError);
    network.use(http.post("https://api.resend.com/emails", () => HttpResponse.json({ message: "bad address" }, { status: 422 })));
    await expect(resendProvider(config()).deliver(email)).rejects.toBeInstanceOf(EmailRejectedError);
  });
});
