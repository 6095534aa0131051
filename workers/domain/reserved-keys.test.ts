import { describe, expect, it } from "vitest";
import { hasReservedKeyDeep, parseJsonWithoutReservedKeys, RESERVED_KEYS } from "./reserved-keys";
import { createProductBody, updateProductBody, updateVariantBody, variantInput } from "./schemas/catalog";

describe.each(RESERVED_KEYS)("the reserved key %s", (key) => {
  // Bodies arrive through JSON.parse, which makes even __proto__ an own key.
  const record = JSON.parse(`{"${key}": "x", "Weight": "1 kg"}`) as unknown;

  it.each([
    ["a product's specifications", createProductBody, { name: "Mug", description: "", categoryId: "cat_1", specifications: record, variants: [{ sku: "MUG-1", priceCents: 900 }] }, ["specifications", key]],
    ["a variant's options on create", createProductBody, { name: "Mug", description: "", categoryId: "cat_1", variants: [{ sku: "MUG-1", priceCents: 900, options: record }] }, ["variants", 0, "options", key]],
    ["an edit of the specifications", updateProductBody, { specifications: record }, ["specifications", key]],
    ["a new variant's options", variantInput, { sku: "MUG-2", priceCents: 900, options: record }, ["options", key]],
    ["an edit of a variant's options", updateVariantBody, { options: record }, ["options", key]],
  ])("is refused in %s, at its own path", (_where, schema, body, path) => {
    const parsed = schema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path)).toContainEqual(path);
  });

  it("is dropped, at any depth, when the site parses an API answer", () => {
    const parsed = parseJsonWithoutReservedKeys(`{"a": {"${key}": {"polluted": true}, "b": [{"${key}": 1, "c": 2}]}, "${key}": 3}`);
    expect(parsed).toEqual({ a: { b: [{ c: 2 }] } });
    expect(hasReservedKeyDeep(parsed)).toBe(false);
    expect(hasReservedKeyDeep(JSON.parse(`[{"x": {"${key}": 1}}]`))).toBe(true);
  });
});

describe("ordinary records", () => {
  it("keep every other key, including ones that merely contain a reserved word", () => {
    const specifications = { Weight: "1 kg", constructorName: "Ada", "__proto": "x", Prototype: "yes" };
    expect(updateProductBody.parse({ specifications })).toEqual({ specifications });
    expect(parseJsonWithoutReservedKeys(JSON.stringify(specifications))).toEqual(specifications);
  });
});
