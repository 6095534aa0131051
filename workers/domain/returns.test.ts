import { describe, expect, it } from "vitest";
import { goodsRefundCents, returnLinesProblem, returnRefundCents, returnWindowProblem, taxShareCents } from "./returns";

const line = { sku: "A", quantity: 3, paidCents: 1_000 };

describe("return rules", () => {
  it("opens only for a delivered order, inside the window", () => {
    const deliveredAt = "2026-11-01T00:00:00.000Z";
    expect(returnWindowProblem({ status: "shipped", deliveredAt: null }, new Date("2026-11-02"), 30)).toMatch(/delivered/);
    expect(returnWindowProblem({ status: "delivered", deliveredAt }, new Date("2026-11-30T23:00:00Z"), 30)).toBeNull();
    expect(returnWindowProblem({ status: "delivered", deliveredAt }, new Date("2026-12-01T00:00:01Z"), 30)).toMatch(/closed/);
  });

  it("refuses more than was bought less what is already being returned", () => {
    expect(returnLinesProblem([{ sku: "A", quantity: 2 }], [line], new Map())).toBeNull();
    expect(returnLinesProblem([{ sku: "A", quantity: 2 }], [line], new Map([["A", 2]]))?.message).toBe("At most 1 of this item can still be returned.");
    expect(returnLinesProblem([{ sku: "A", quantity: 1 }], [line], new Map([["A", 3]]))?.message).toMatch(/already being returned/);
    expect(returnLinesProblem([{ sku: "B", quantity: 1 }], [line], new Map())?.message).toMatch(/not part of the order/);
    expect(returnLinesProblem([{ sku: "A", quantity: 1 }, { sku: "A", quantity: 1 }], [line], new Map())?.message).toMatch(/once/);
  });

  it("refunds unit by unit exactly what the line cost, never more", () => {
    // 1000 over 3 units: 333, 333, 334.
    expect([goodsRefundCents(line, 0, 1), goodsRefundCents(line, 1, 1), goodsRefundCents(line, 2, 1)]).toEqual([333, 333, 334]);
    expect(goodsRefundCents(line, 0, 3)).toBe(1_000);
    for (let paid = 0; paid < 500; paid += 7) {
      for (let quantity = 1; quantity <= 5; quantity++) {
        const item = { sku: "X", quantity, paidCents: paid };
        let total = 0;
        for (let unit = 0; unit < quantity; unit++) total += goodsRefundCents(item, unit, 1);
        expect(total).toBe(paid);
      }
    }
  });

  it("adds the tax share where tax was added, and the shipping once when the admin chooses", () => {
    const money = { taxableCents: 2_000, taxCents: 400, taxAdded: true };
    expect(taxShareCents(1_000, money)).toBe(200);
    expect(taxShareCents(1_000, { ...money, taxAdded: false })).toBe(0);
    const refund = returnRefundCents({ lines: [{ line, refundedBefore: 0, received: 3 }], money, shipping: { cents: 599, refund: true, alreadyRefunded: false } });
    expect(refund).toEqual({ goodsCents: 1_000, shippingCents: 599, taxCents: 319, totalCents: 1_918 });
    const again = returnRefundCents({ lines: [], money, shipping: { cents: 599, refund: true, alreadyRefunded: true } });
    expect(again.totalCents).toBe(0);
  });
});
