import { dictionary } from "@zxcvbn-ts/language-common";
import { describe, expect, it } from "vitest";
import { PASSWORD_MIN_LENGTH } from "./password-policy";
import { passwordWeakness } from "./password-strength";

describe("passwordWeakness", () => {
  it.each([
    "password123",
    "Password123!",
    "qwertyuiop",
    "1q2w3e4r5t",
    "iloveyou12",
    "aaaaaaaaaaaa",
    "trustno1trustno1",
    "letmein12345",
    "1234567890",
    "abcdefghij",
    "P@ssw0rd2024",
  ])("refuses %s with a reason", (password) => {
    expect(passwordWeakness(password)).toMatch(/^This password is too easy to guess: .+\. Try/);
  });

  it("refuses every breached password in its list that meets the length rule", () => {
    const listed = dictionary["passwords-common"].filter((word) => word.length >= PASSWORD_MIN_LENGTH);
    expect(listed.length).toBeGreaterThan(1_500);
    const accepted = listed.filter((word) => passwordWeakness(word) === null);
    expect(accepted).toEqual([]);
  });

  it("refuses a password made of the account's own name or email, or the store's", () => {
    expect(passwordWeakness("lovelace1815!", ["ada@example.com", "Ada Lovelace"])).toMatch(/your name, your email address/);
    expect(passwordWeakness("ada.lovelace@example.com", ["ada.lovelace@example.com", "Ada"])).not.toBeNull();
    expect(passwordWeakness("edgeware-2026")).toMatch(/the store's name/);
  });

  it.each(["correct horse battery", "a long enough password", "shopper-dev-password", "admin-dev-password", "Tr0ub4dor&3x"])(
    "accepts %s",
    (password) => {
      expect(passwordWeakness(password, ["someone@example.com", "Some One"])).toBeNull();
    },
  );
});
