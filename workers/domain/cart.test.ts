import { describe, expect, it } from "vitest";
import { cartView, decideAdd, decideSetQuantity, mergeQuantity, type CartLine, type CurrentVariant } from "./cart";

describe("decideAdd", () => {
  const base = { inCart: 0, adding: 1, available: 10, lineCount: 0 };

  it("adds to what the line already holds", () => {
    expect(decideAdd({ ...base, inCart: 3, adding: 2 })).toEqual({ ok: true, quantity: 5 });
  });

  it("refuses a total above what is available, saying what is in the cart", () => {
    expect(decideAdd({ ...base, inCart: 8, adding: 3 })).toEqual({ ok: false, reason: "insufficient_stock", available: 10, inCart: 8 });
  });

  it("refuses more than 99 of one SKU", () => {
    expect(decideAdd({ ...base, inCart: 98, adding: 2, available: 500 })).toEqual({ ok: false, reason: "quantity_limit", maxQuantity: 99, inCart: 98 });
  });

  it("refuses a 101st line but not more of an existing one", () => {
    expect(decideAdd({ ...base, lineCount: 100 })).toEqual({ ok: false, reason: "line_limit", maxLines: 100 });
    expect(decideAdd({ ...base, lineCount: 100, inCart: 1 })).toEqual({ ok: true, quantity: 2 });
  });

  it.each([0, -1, 1.5, 100, Number.NaN])("refuses adding %s", (adding) => {
    expect(decideAdd({ ...base, adding })).toMatchObject({ ok: false, reason: "invalid_argument" });
  });
});

describe("decideSetQuantity", () => {
  it("lowers freely, even below what is now available", () => {
    expect(decideSetQuantity({ inCart: 5, quantity: 4, available: 0 })).toEqual({ ok: true, quantity: 4 });
    expect(decideSetQuantity({ inCart: 5, quantity: 0, available: 0 })).toEqual({ ok: true, quantity: 0 });
  });

  it("raises only within what is available", () => {
    expect(decideSetQuantity({ inCart: 1, quantity: 6, available: 5 })).toMatchObject({ ok: false, reason: "insufficient_stock", available: 5 });
    expect(decideSetQuantity({ inCart: 1, quantity: 5, available: 5 })).toEqual({ ok: true, quantity: 5 });
  });

  it.each([-1, 2.5, 100])("refuses %s", (quantity) => {
    expect(decideSetQuantity({ inCart: 1, quantity, available: 500 })).toMatchObject({ ok: false, reason: "invalid_argument" });
  });
});

describe("mergeQuantity", () => {
  it("adds quantities", () => {
    expect(mergeQuantity({ inCart: 2, incoming: 3, available: 10 })).toEqual({ quantity: 5, capped: null });
  });

  it("caps at 99", () => {
    expect(mergeQuantity({ inCart: 60, incoming: 60, available: 500 })).toEqual({ quantity: 99, capped: "quantity_limit" });
  });

  it("caps at availability but never lowers what the cart held", () => {
    expect(mergeQuantity({ inCart: 2, incoming: 5, available: 4 })).toEqual({ quantity: 4, capped: "insufficient_stock" });
    expect(mergeQuantity({ inCart: 6, incoming: 5, available: 4 })).toEqual({ quantity: 6, capped: "insufficient_stock" });
    expect(mergeQuantity({ inCart: 0, incoming: 5, available: 0 })).toEqual({ quantity: 0, capped: "insufficient_stock" });
  });
});

describe("cartView", () => {
  const line = (sku: string, quantity: number, addedPriceCents: number): CartLine => ({
    sku,
    productId: `p-${sku}`,
    name: `Old name ${sku}`,
    variantTitle: "Default",
    imageUrl: null,
    quantity,
    addedPriceCents,
    currency: "USD",
    addedAt: "2026-01-01T00:00:00.000Z",
  });
  const current = (sku: string, priceCents: number, active = true): CurrentVariant => ({
    sku,
    productId: `p-${sku}`,
    name: `Name ${sku}`,
    variantTitle: "Default",
    imageUrl: `/images/${sku}.svg`,
    priceCents,
    currency: "USD",
    active,
  });

  it("prices lines at the current price, flags changes and leaves unavailable lines out of the totals", () => {
    const view = cartView(
      { lines: [line("A", 2, 1000), line("B", 1, 500), line("C", 3, 700), line("D", 1, 900)], updatedAt: "2026-01-02T00:00:00.000Z" },
      new Map([
        ["A", current("A", 1000)],
        ["B", current("B", 450)],
        ["C", current("C", 700, false)],
      ]),
    );
    expect(view.items.map((i) => [i.sku, i.unitPriceCents, i.addedPriceCents, i.priceChanged, i.lineTotalCents, i.unavailable])).toEqual([
      ["A", 1000, 1000, false, 2000, false],
      ["B", 450, 500, true, 450, false],
      ["C", 700, 700, false, 2100, true],
      ["D", 900, 900, false, 900, true],
    ]);
    expect(view.items[0]).toMatchObject({ name: "Name A", imageUrl: "/images/A.svg" });
    expect(view.items[3]).toMatchObject({ name: "Old name D" });
    expect(view).toMatchObject({ subtotalCents: 2450, totalItems: 3, currency: "USD", updatedAt: "2026-01-02T00:00:00.000Z" });
  });

  it("is empty for an empty cart", () => {
    expect(cartView({ lines: [], updatedAt: null }, new Map())).toEqual({ items: [], subtotalCents: 0, totalItems: 0, currency: "USD", updatedAt: null });
  });
});
