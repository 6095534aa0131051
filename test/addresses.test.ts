/**
 * The address book: /users/me/addresses. Happy paths with the stored rows asserted, bad input
 * that changes nothing, the ownership matrix, exclusive defaults, the cap, and orders keeping
 * their own copy of an address whatever happens to the saved one later.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { savedAddressList, SavedAddress } from "../workers/domain/schemas/addresses";
import { MAX_SAVED_ADDRESSES } from "../workers/domain/schemas/addresses";
import type { orderSchema } from "../workers/domain/schemas/orders";
import { addToCart, checkout } from "./checkout-helpers";
import { createSku } from "./factories/stock";
import { api, problemOf, registerUser, type TestSession } from "./helpers";

const HOME = { name: "Ada Lovelace", line1: "12 Analytical Row", city: "London", postalCode: "N1 9GU", country: "GB" };
const WORK = { name: "Ada Lovelace", line1: "1 Engine House", line2: "Floor 3", city: "Manchester", region: "Greater Manchester", postalCode: "M1 1AA", country: "gb", phone: "+44 161 000 0000" };

async function save(session: TestSession, body: Record<string, unknown>): Promise<SavedAddress> {
  const response = await api("/users/me/addresses", { method: "POST", token: session.accessToken, json: body });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as SavedAddress;
}

async function list(session: TestSession): Promise<SavedAddress[]> {
  const response = await api("/users/me/addresses", { token: session.accessToken });
  expect(response.status).toBe(200);
  return ((await response.json()) as z.infer<typeof savedAddressList>).items;
}

async function orderOf(session: TestSession, id: string): Promise<z.infer<typeof orderSchema>> {
  const response = await api(`/orders/${id}`, { token: session.accessToken });
  expect(response.status).toBe(200);
  return (await response.json()) as z.infer<typeof orderSchema>;
}

async function storedRows(userId: string) {
  const { results } = await env.DB.prepare("SELECT * FROM addresses WHERE user_id = ? ORDER BY id").bind(userId).all();
  return results;
}

describe("saving and reading addresses", () => {
  it("saves an address, normalising it, and lists it", async () => {
    const shopper = await registerUser();
    const saved = await save(shopper, WORK);
    expect(saved).toMatchObject({ ...WORK, country: "GB", isDefaultShipping: false, isDefaultBilling: false });
    expect(saved.id).toMatch(/^adr_/);
    const rows = await storedRows(shopper.user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ line1: "1 Engine House", country: "GB", postal_code: "M1 1AA", phone: "+44 161 000 0000" });
    expect(await list(shopper)).toEqual([saved]);
    const one = await api(`/users/me/addresses/${saved.id}`, { token: shopper.accessToken });
    expect(await one.json()).toEqual(saved);
  });

  it("stores empty optional lines as none", async () => {
    const shopper = await registerUser();
    const saved = await save(shopper, { ...HOME, line2: "  ", region: "" });
    expect(saved).not.toHaveProperty("line2");
    expect(saved).not.toHaveProperty("region");
    expect((await storedRows(shopper.user.id))[0]).toMatchObject({ line2: null, region: null, phone: null });
  });

  it("edits an address and clears an optional line with null", async () => {
    const shopper = await registerUser();
    const saved = await save(shopper, WORK);
    const response = await api(`/users/me/addresses/${saved.id}`, { method: "PATCH", token: shopper.accessToken, json: { city: "Salford", line2: null, phone: null } });
    expect(response.status, await response.clone().text()).toBe(200);
    const updated = (await response.json()) as SavedAddress;
    expect(updated).toMatchObject({ city: "Salford", line1: WORK.line1 });
    expect(updated).not.toHaveProperty("line2");
    expect((await storedRows(shopper.user.id))[0]).toMatchObject({ city: "Salford", line2: null, phone: null, region: "Greater Manchester" });
  });

  it("deletes an address", async () => {
    const shopper = await registerUser();
    const saved = await save(shopper, HOME);
    const response = await api(`/users/me/addresses/${saved.id}`, { method: "DELETE", token: shopper.accessToken });
    expect(response.status).toBe(204);
    expect(await storedRows(shopper.user.id)).toHaveLength(0);
    const again = await api(`/users/me/addresses/${saved.id}`, { method: "DELETE", token: shopper.accessToken });
    expect(again.status).toBe(404);
  });
});

describe("bad input changes nothing", () => {
  describe.each([
    ["no name", { ...HOME, name: undefined }, "name"],
    ["an empty street", { ...HOME, line1: "  " }, "line1"],
    ["a country we do not ship to", { ...HOME, country: "ZZ" }, "country"],
    ["a bad postal code", { ...HOME, postalCode: "!!" }, "postalCode"],
    ["a bad phone", { ...HOME, phone: "call me" }, "phone"],
    ["control characters", { ...HOME, line1: "12\u0000Row" }, "line1"],
    ["a default flag that is not a boolean", { ...HOME, isDefaultShipping: "yes" }, "isDefaultShipping"],
    ["an unknown field", { ...HOME, userId: "usr_someone_else" }, "(root)"],
    ["a name too long", { ...HOME, name: "x".repeat(101) }, "name"],
  ])("POST with %s", (_label, body, path) => {
    it("answers 400 naming the field and saves nothing", async () => {
      const shopper = await registerUser();
      const response = await api("/users/me/addresses", { method: "POST", token: shopper.accessToken, json: body });
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem.errors?.map((error) => error.path)).toContain(path);
      expect(await storedRows(shopper.user.id)).toHaveLength(0);
    });
  });

  describe.each([
    ["an empty patch", {}],
    ["an empty name", { name: "" }],
    ["an unknown country", { country: "XX" }],
    ["an unknown field", { userId: "usr_x" }],
    ["a null required field", { city: null }],
  ])("PATCH with %s", (_label, body) => {
    it("answers 400 and leaves the address as it was", async () => {
      const shopper = await registerUser();
      const saved = await save(shopper, WORK);
      const before = await storedRows(shopper.user.id);
      const response = await api(`/users/me/addresses/${saved.id}`, { method: "PATCH", token: shopper.accessToken, json: body });
      expect(response.status).toBe(400);
      await problemOf(response);
      expect(await storedRows(shopper.user.id)).toEqual(before);
    });
  });

  it("refuses a body that is not JSON (415) and malformed JSON (400)", async () => {
    const shopper = await registerUser();
    const text = await api("/users/me/addresses", { method: "POST", token: shopper.accessToken, body: "name=Ada", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(text.status).toBe(415);
    const broken = await api("/users/me/addresses", { method: "POST", token: shopper.accessToken, body: "{", headers: { "content-type": "application/json" } });
    expect(broken.status).toBe(400);
    expect(await storedRows(shopper.user.id)).toHaveLength(0);
  });
});

describe("who may touch an address", () => {
  const requests = [
    ["GET", undefined],
    ["PATCH", { city: "Paris" }],
    ["DELETE", undefined],
  ] as const;

  describe.each(requests)("%s /users/me/addresses/:id", (method, json) => {
    it("is 401 without a token", async () => {
      const owner = await registerUser();
      const saved = await save(owner, HOME);
      const response = await api(`/users/me/addresses/${saved.id}`, { method, ...(json ? { json } : {}) });
      expect(response.status).toBe(401);
      await problemOf(response);
      expect(await storedRows(owner.user.id)).toMatchObject([{ city: "London" }]);
    });

    it("is 404 for another shopper, and changes nothing", async () => {
      const owner = await registerUser();
      const other = await registerUser();
      const saved = await save(owner, HOME);
      const before = await storedRows(owner.user.id);
      const response = await api(`/users/me/addresses/${saved.id}`, { method, token: other.accessToken, ...(json ? { json } : {}) });
      expect(response.status).toBe(404);
      await problemOf(response);
      expect(await storedRows(owner.user.id)).toEqual(before);
    });

    it("is 404 for an address that does not exist", async () => {
      const owner = await registerUser();
      const response = await api("/users/me/addresses/adr_missing", { method, token: owner.accessToken, ...(json ? { json } : {}) });
      expect(response.status).toBe(404);
    });
  });

  it("lists only your own addresses, and needs a token", async () => {
    const owner = await registerUser();
    const other = await registerUser();
    await save(owner, HOME);
    expect(await list(other)).toEqual([]);
    expect((await api("/users/me/addresses")).status).toBe(401);
    expect((await api("/users/me/addresses", { method: "POST", json: HOME })).status).toBe(401);
  });

  it("does not let another shopper's default-setting edit clear your defaults", async () => {
    const owner = await registerUser();
    const other = await registerUser();
    const mine = await save(owner, { ...HOME, isDefaultShipping: true });
    const response = await api(`/users/me/addresses/${mine.id}`, { method: "PATCH", token: other.accessToken, json: { isDefaultShipping: true } });
    expect(response.status).toBe(404);
    expect((await list(owner))[0]?.isDefaultShipping).toBe(true);
  });
});

describe("defaults", () => {
  it("keeps one default shipping and one default billing address, moving each on its own", async () => {
    const shopper = await registerUser();
    const home = await save(shopper, { ...HOME, isDefaultShipping: true, isDefaultBilling: true });
    const work = await save(shopper, { ...WORK, isDefaultShipping: true });
    let items = await list(shopper);
    expect(items.find((a) => a.id === home.id)).toMatchObject({ isDefaultShipping: false, isDefaultBilling: true });
    expect(items.find((a) => a.id === work.id)).toMatchObject({ isDefaultShipping: true, isDefaultBilling: false });
    // The default shipping address lists first.
    expect(items[0]?.id).toBe(work.id);

    const moved = await api(`/users/me/addresses/${work.id}`, { method: "PATCH", token: shopper.accessToken, json: { isDefaultBilling: true } });
    expect(moved.status).toBe(200);
    items = await list(shopper);
    expect(items.filter((a) => a.isDefaultBilling).map((a) => a.id)).toEqual([work.id]);
    expect(items.filter((a) => a.isDefaultShipping).map((a) => a.id)).toEqual([work.id]);

    const unset = await api(`/users/me/addresses/${work.id}`, { method: "PATCH", token: shopper.accessToken, json: { isDefaultShipping: false } });
    expect(unset.status).toBe(200);
    expect((await list(shopper)).filter((a) => a.isDefaultShipping)).toEqual([]);
  });

  it("stays exclusive when many saves race to be the default", async () => {
    const shopper = await registerUser();
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        api("/users/me/addresses", { method: "POST", token: shopper.accessToken, json: { ...HOME, line1: `${index + 1} Race Street`, isDefaultShipping: true, isDefaultBilling: true } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(201));
    const items = await list(shopper);
    expect(items).toHaveLength(8);
    expect(items.filter((a) => a.isDefaultShipping)).toHaveLength(1);
    expect(items.filter((a) => a.isDefaultBilling)).toHaveLength(1);
  });

  it("does not touch another shopper's defaults", async () => {
    const one = await registerUser();
    const two = await registerUser();
    await save(one, { ...HOME, isDefaultShipping: true });
    await save(two, { ...HOME, isDefaultShipping: true });
    expect((await list(one))[0]?.isDefaultShipping).toBe(true);
  });
});

describe("the cap", () => {
  it(`keeps at most ${MAX_SAVED_ADDRESSES} addresses (409), even when saves race, and a full book refuses without clearing defaults`, async () => {
    const shopper = await registerUser();
    const first = await save(shopper, { ...HOME, isDefaultShipping: true });
    const responses = await Promise.all(
      Array.from({ length: MAX_SAVED_ADDRESSES + 4 }, (_, index) =>
        api("/users/me/addresses", { method: "POST", token: shopper.accessToken, json: { ...HOME, line1: `${index + 2} Cap Street` } }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(MAX_SAVED_ADDRESSES - 1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(5);
    expect(await storedRows(shopper.user.id)).toHaveLength(MAX_SAVED_ADDRESSES);

    const refused = await api("/users/me/addresses", { method: "POST", token: shopper.accessToken, json: { ...WORK, isDefaultShipping: true } });
    expect(refused.status).toBe(409);
    expect((await problemOf(refused)).detail).toMatch(/at most 20/);
    const items = await list(shopper);
    expect(items.filter((a) => a.isDefaultShipping).map((a) => a.id)).toEqual([first.id]);

    // Deleting one makes room again.
    await api(`/users/me/addresses/${items[5]!.id}`, { method: "DELETE", token: shopper.accessToken });
    await save(shopper, WORK);
  });
});

describe("orders keep their own copy", () => {
  it("an order placed with a saved address is unchanged when the address is edited or deleted", async () => {
    const shopper = await registerUser();
    const saved = await save(shopper, { ...WORK, isDefaultShipping: true });
    const sku = await createSku(10);
    await addToCart(shopper, sku, 1);
    const { id: _id, isDefaultShipping: _s, isDefaultBilling: _b, createdAt: _c, updatedAt: _u, phone: _p, ...postal } = saved;
    const placed = await checkout(shopper, { body: { shippingAddress: postal, payment: { method: "card", token: "tok_visa" } } });
    expect(placed.status, await placed.clone().text()).toBe(202);
    const { order } = (await placed.json()) as { order: { id: string } };
    const before = await orderOf(shopper, order.id);
    expect(before.shippingAddress).toEqual(postal);

    const edited = await api(`/users/me/addresses/${saved.id}`, { method: "PATCH", token: shopper.accessToken, json: { line1: "99 Elsewhere", city: "Leeds" } });
    expect(edited.status).toBe(200);
    expect((await orderOf(shopper, order.id)).shippingAddress).toEqual(postal);

    const deleted = await api(`/users/me/addresses/${saved.id}`, { method: "DELETE", token: shopper.accessToken });
    expect(deleted.status).toBe(204);
    const after = await orderOf(shopper, order.id);
    expect(after.shippingAddress).toEqual(postal);
    expect(after.billingAddress).toEqual(postal);
  });
});

describe("the OpenAPI document", () => {
  it("describes the address book", async () => {
    const document = (await (await api("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths["/users/me/addresses"] ?? {})).toEqual(expect.arrayContaining(["get", "post"]));
    expect(Object.keys(document.paths["/users/me/addresses/{id}"] ?? {})).toEqual(expect.arrayContaining(["get", "patch", "delete"]));
  });
});
