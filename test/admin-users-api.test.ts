import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, createAdmin, problemOf, registerUser } from "./helpers";

describe("GET /admin/users?ids=", () => {
  it("401 anonymous, 403 customer, and the stored role decides (not the token's)", async () => {
    const customer = await registerUser();
    expect((await api(`/admin/users?ids=${customer.user.id}`)).status).toBe(401);
    expect((await api(`/admin/users?ids=${customer.user.id}`, { token: customer.accessToken })).status).toBe(403);
    const demoted = await createAdmin();
    await env.DB.prepare("UPDATE users SET role = 'customer' WHERE id = ?").bind(demoted.user.id).run();
    expect((await api(`/admin/users?ids=${customer.user.id}`, { token: demoted.accessToken })).status).toBe(403);
  });

  it("answers the users behind a list of ids, leaving unknown ids out", async () => {
    const admin = await createAdmin();
    const [a, b] = [await registerUser({ name: "Ann" }), await registerUser({ name: "Bob" })];
    const response = await api(`/admin/users?ids=${a.user.id},${b.user.id},${a.user.id},usr_missing`, { token: admin.accessToken });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { id: string; email: string; name: string; role: string }[] };
    expect(body.items.map((user) => user.id).sort()).toEqual([a.user.id, b.user.id].sort());
    expect(body.items.find((user) => user.id === a.user.id)).toMatchObject({ email: a.user.email, name: "Ann", role: "customer" });
    // Never the password hash or anything else outside the contract's user view.
    expect(Object.keys(body.items[0]!).sort()).toEqual(["createdAt", "email", "id", "name", "phone", "role"]);
  });

  it.each([
    ["no ids", ""],
    ["only commas", "ids=,,,"],
    ["too many ids", `ids=${Array.from({ length: 101 }, (_, i) => `usr_${i}`).join(",")}`],
    ["an id too long", `ids=${"x".repeat(65)}`],
  ])("refuses %s with 400", async (_label, query) => {
    const admin = await createAdmin();
    const response = await api(`/admin/users?${query}`, { token: admin.accessToken });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).code).toBe("validation_failed");
  });
});
