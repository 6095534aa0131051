import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { authResponse, userSchema } from "../workers/domain/schemas/auth";
import type { pageOf } from "../workers/domain/schemas/common";
import { api, createAdmin, problemOf, registerUser, uniqueEmail } from "./helpers";

type AuthBody = z.infer<typeof authResponse>;
type UserPage = z.infer<ReturnType<typeof pageOf<typeof userSchema>>>;

describe("PATCH /users/me", () => {
  it("updates name and phone", async () => {
    const session = await registerUser();
    const response = await api("/users/me", { method: "PATCH", token: session.accessToken, json: { name: "Renamed", phone: "+44 20 7946 0958" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: "Renamed", phone: "+44 20 7946 0958" });
    const row = await env.DB.prepare("SELECT name, phone FROM users WHERE id = ?").bind(session.user.id).first();
    expect(row).toEqual({ name: "Renamed", phone: "+44 20 7946 0958" });
  });

  it("rejects role (and any unknown field) and applies nothing", async () => {
    const session = await registerUser({ name: "Before" });
    const response = await api("/users/me", { method: "PATCH", token: session.accessToken, json: { name: "After", role: "admin" } });
    expect(response.status).toBe(400);
    const row = await env.DB.prepare("SELECT name, role FROM users WHERE id = ?").bind(session.user.id).first();
    expect(row).toEqual({ name: "Before", role: "customer" });
  });

  it.each([
    [{ phone: "call me maybe" }, "phone"],
    [{ name: "" }, "name"],
    [{ name: "x".repeat(101) }, "name"],
  ])("rejects %j", async (json, path) => {
    const session = await registerUser();
    const response = await api("/users/me", { method: "PATCH", token: session.accessToken, json });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]?.path).toBe(path);
  });

  it("needs a signed-in user", async () => {
    expect((await api("/users/me", { method: "PATCH", json: { name: "x" } })).status).toBe(401);
  });
});

describe("POST /users/me/password", () => {
  it("changes the password and revokes the other sessions, keeping this one", async () => {
    const session = await registerUser();
    const other = (await (await api("/auth/login", { method: "POST", json: { email: session.user.email, password: session.password } })).json()) as AuthBody;
    const response = await api("/users/me/password", {
      method: "POST",
      token: session.accessToken,
      json: { currentPassword: session.password, newPassword: "a brand new passphrase" },
    });
    expect(response.status).toBe(204);
    expect((await api("/auth/refresh", { method: "POST", json: { refreshToken: other.refreshToken } })).status).toBe(401);
    expect((await api("/auth/refresh", { method: "POST", json: { refreshToken: session.refreshToken } })).status).toBe(200);
    expect((await api("/auth/login", { method: "POST", json: { email: session.user.email, password: session.password } })).status).toBe(401);
    expect((await api("/auth/login", { method: "POST", json: { email: session.user.email, password: "a brand new passphrase" } })).status).toBe(200);
  });

  it("refuses a common new password with a field error and changes nothing", async () => {
    const session = await registerUser();
    const before = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?").bind(session.user.id).first();
    const response = await api("/users/me/password", {
      method: "POST",
      token: session.accessToken,
      json: { currentPassword: session.password, newPassword: "password123" },
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([{ path: "newPassword", message: expect.stringMatching(/^This password is too easy to guess/) }]);
    expect(await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?").bind(session.user.id).first()).toEqual(before);
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const session = await registerUser();
    const before = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?").bind(session.user.id).first();
    const response = await api("/users/me/password", {
      method: "POST",
      token: session.accessToken,
      json: { currentPassword: "not my password", newPassword: "a brand new passphrase" },
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]?.path).toBe("currentPassword");
    const after = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?").bind(session.user.id).first();
    expect(after).toEqual(before);
  });
});

describe("admin: GET /users and PATCH /users/:id", () => {
  it("is 401 anonymous, 403 for a customer, 200 for an admin", async () => {
    const customer = await registerUser();
    const admin = await createAdmin();
    expect((await api("/users")).status).toBe(401);
    expect((await api("/users", { token: customer.accessToken })).status).toBe(403);
    expect((await api("/users", { token: admin.accessToken })).status).toBe(200);
    expect((await api(`/users/${customer.user.id}`, { method: "PATCH", json: { role: "admin" } })).status).toBe(401);
    expect((await api(`/users/${customer.user.id}`, { method: "PATCH", token: customer.accessToken, json: { role: "admin" } })).status).toBe(403);
    const row = await env.DB.prepare("SELECT role FROM users WHERE id = ?").bind(customer.user.id).first();
    expect(row).toEqual({ role: "customer" });
  });

  it("searches by email or name, pages, and treats LIKE wildcards literally", async () => {
    const admin = await createAdmin();
    const tag = `zq${Date.now().toString(36)}`;
    for (let i = 0; i < 3; i++) await registerUser({ email: uniqueEmail(tag), name: `Person ${i}` });
    await registerUser({ name: `Named ${tag}` });
    const page1 = (await (await api(`/users?q=${tag}&limit=2&page=1`, { token: admin.accessToken })).json()) as UserPage;
    expect(page1.total).toBe(4);
    expect(page1.items).toHaveLength(2);
    const page2 = (await (await api(`/users?q=${tag}&limit=2&page=2`, { token: admin.accessToken })).json()) as UserPage;
    expect(page2.items).toHaveLength(2);
    const wildcard = (await (await api(`/users?q=${encodeURIComponent("%")}`, { token: admin.accessToken })).json()) as UserPage;
    expect(wildcard.total).toBe(0);
    // Longer than D1 allows a LIKE pattern to be: still an answer, never a 500.
    const long = await api(`/users?q=${tag}${"x".repeat(60)}`, { token: admin.accessToken });
    expect(long.status).toBe(200);
    expect(((await long.json()) as UserPage).total).toBe(0);
  });

  it.each(["limit=0", "limit=101", "page=0", "page=abc", "limit=2.5"])("rejects %s with 400", async (query) => {
    const admin = await createAdmin();
    expect((await api(`/users?${query}`, { token: admin.accessToken })).status).toBe(400);
  });

  it("changes a role, writes the audit log, and takes effect at once", async () => {
    const admin = await createAdmin();
    const customer = await registerUser();
    const response = await api(`/users/${customer.user.id}`, { method: "PATCH", token: admin.accessToken, json: { role: "admin" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: customer.user.id, role: "admin" });
    const audit = await env.DB.prepare("SELECT actor_id, action, details FROM audit_log WHERE entity_id = ?").bind(customer.user.id).first<Record<string, string>>();
    expect(audit).toMatchObject({ actor_id: admin.user.id, action: "user.role_changed" });
    expect(JSON.parse(audit!.details!)).toEqual({ from: "customer", to: "admin" });
    // Demoting the first admin stops its still-valid token from reaching admin routes.
    await api(`/users/${admin.user.id}`, { method: "PATCH", token: (await createAdmin()).accessToken, json: { role: "customer" } });
    expect((await api("/users", { token: admin.accessToken })).status).toBe(403);
  });

  it("refuses to let an admin remove their own role, and 404s an unknown user", async () => {
    const admin = await createAdmin();
    expect((await api(`/users/${admin.user.id}`, { method: "PATCH", token: admin.accessToken, json: { role: "customer" } })).status).toBe(409);
    expect((await api("/users/usr_nobody", { method: "PATCH", token: admin.accessToken, json: { role: "admin" } })).status).toBe(404);
    expect((await api(`/users/${admin.user.id}`, { method: "PATCH", token: admin.accessToken, json: { role: "owner" } })).status).toBe(400);
  });
});
