import type { AppConfig } from "../env";
import { keyRing, type SigningKey } from "./access-tokens";
import { base64url, sha256Hex } from "./ids";

/**
 * A refresh token's successor is not random but derived from it: HMAC-SHA256 under a key
 * derived (HKDF) from a signing key of the ring. Presenting one token again therefore names
 * the same successor, whose hash is already stored, so a client racing itself gets that
 * token back instead of a new branch of its session. Without the key, neither the token nor
 * its stored hash says what the successor is. See docs/decisions/003-access-tokens.md.
 */
const INFO = new TextEncoder().encode("edgeware refresh-token successor v1");

const derivedKeys = new WeakMap<SigningKey, Promise<CryptoKey>>();

function successorKey(key: SigningKey): Promise<CryptoKey> {
  let derived = derivedKeys.get(key);
  if (!derived) {
    derived = (async () => {
      const root = await crypto.subtle.importKey("raw", key.secret, "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: INFO },
        root,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign"],
      );
    })();
    derivedKeys.set(key, derived);
  }
  return derived;
}

export interface SuccessorCandidate {
  token: string;
  tokenHash: string;
}

/**
 * The successor of `presented` under each key of the ring, the signing key's first. A
 * rotation stores the first; a token presented again finds whichever one was stored, even
 * if the ring was rotated in between.
 */
export async function successorCandidates(config: AppConfig, presented: string): Promise<SuccessorCandidate[]> {
  const message = new TextEncoder().encode(presented);
  return Promise.all(
    keyRing(config).map(async (key) => {
      const mac = await crypto.subtle.sign("HMAC", await successorKey(key), message);
      const token = base64url(new Uint8Array(mac));
      return { token, tokenHash: await sha256Hex(token) };
    }),
  );
}
