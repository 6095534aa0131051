import { describe, expect, it } from "vitest";
import { averageX100, distributionOf, ratingAverage, ratingDelta } from "./ratings";

describe("ratingDelta", () => {
  it.each([
    ["create", null, { rating: 4, hidden: false }, { sum: 4, count: 1 }],
    ["create hidden", null, { rating: 4, hidden: true }, { sum: 0, count: 0 }],
    ["re-rate", { rating: 2, hidden: false }, { rating: 5, hidden: false }, { sum: 3, count: 0 }],
    ["hide", { rating: 5, hidden: false }, { rating: 5, hidden: true }, { sum: -5, count: -1 }],
    ["unhide", { rating: 5, hidden: true }, { rating: 5, hidden: false }, { sum: 5, count: 1 }],
    ["re-rate while hidden", { rating: 1, hidden: true }, { rating: 5, hidden: true }, { sum: 0, count: 0 }],
    ["delete", { rating: 3, hidden: false }, null, { sum: -3, count: -1 }],
    ["delete hidden", { rating: 3, hidden: true }, null, { sum: 0, count: 0 }],
  ] as const)("%s", (_name, before, after, expected) => {
    expect(ratingDelta(before, after)).toEqual(expected);
  });
});

describe("averages", () => {
  it("rounds half up, times 100, and is 0 without reviews", () => {
    expect(averageX100(13, 3)).toBe(433);
    expect(averageX100(14, 3)).toBe(467);
    expect(averageX100(9, 8)).toBe(113); // 1.125 → 1.13
    expect(averageX100(0, 0)).toBe(0);
    expect(ratingAverage(433)).toBe(4.33);
  });

  it("fills every star in the distribution", () => {
    expect(distributionOf([{ rating: 5, count: 2 }, { rating: 1, count: 1 }])).toEqual({ "1": 1, "2": 0, "3": 0, "4": 0, "5": 2 });
  });
});
