/**
 * The client bundle's budget (web/bundle-budget.json): the gzipped JavaScript each main page
 * loads to hydrate, and the whole client build. `npm test` builds the site first.
 */
import { describe, expect, it } from "vitest";
import { measureBundle, readBudget } from "../../scripts/bundle-size";

describe("the client bundle", () => {
  const budget = readBudget();
  const size = measureBundle(undefined, Object.keys(budget.pages));

  it.each(Object.keys(budget.pages))("stays within its budget on %s", (id) => {
    expect(size.pages[id], `${id}: ${size.pages[id]} kB gzipped, budget ${budget.pages[id]} kB`).toBeLessThanOrEqual(budget.pages[id]!);
  });

  it("stays within its budget as a whole", () => {
    expect(size.totalKb).toBeLessThanOrEqual(budget.totalKb);
  });
});
