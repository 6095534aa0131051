import Argon2, { Argon2Type } from "@phi-ag/argon2";
// Workers refuse to compile WebAssembly at run time, so the module is imported precompiled.
import argon2Wasm from "@phi-ag/argon2/argon2.wasm";
import { ARGON2ID_PARAMS } from "../domain/password-policy";
import { passwordWeakness } from "../domain/password-strength";
import { ApiError } from "./problem";

let argon2: Promise<Argon2> | undefined;

function instance(): Promise<Argon2> {
  argon2 ??= WebAssembly.instantiate(argon2Wasm).then((wasm) => new Argon2(wasm));
  return argon2;
}

export async function hashPassword(password: string): Promise<string> {
  const hasher = await instance();
  return hasher.hash(password, { ...ARGON2ID_PARAMS, type: Argon2Type.Argon2id }).encoded;
}

/** Verifies in constant time with respect to the password (the hash's own parameters apply). */
export async function verifyPassword(encoded: string, password: string): Promise<boolean> {
  const hasher = await instance();
  return hasher.tryVerify(encoded, password, Argon2Type.Argon2id).success;
}

/** True when a stored hash was made with weaker parameters than today's, so it is re-hashed. */
export function needsRehash(encoded: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(encoded);
  if (!match) return true;
  const [, m, t, p] = match.map(Number);
  return (
    m! < ARGON2ID_PARAMS.memoryCost || t! < ARGON2ID_PARAMS.timeCost || p! < ARGON2ID_PARAMS.parallelism
  );
}

let decoy: Promise<string> | undefined;

/**
 * Spends the same work as a real verification when the account does not exist, so the
 * response time does not tell an unknown email from a wrong password.
 */
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword("decoy-password-never-matches");
  await verifyPassword(await decoy, password);
  return false;
}

/**
 * Refuses a new password that is common, breached or easy to guess with a 400 naming the
 * field, so the site's forms show the reason next to it. `context` is the account's email
 * and name.
 */
export function assertStrongPassword(password: string, field: string, context: readonly string[]): void {
  const weakness = passwordWeakness(password, context);
  if (weakness) {
    throw new ApiError("validation_failed", "Choose a password that is harder to guess.", {
      errors: [{ path: field, message: weakness }],
    });
  }
}
