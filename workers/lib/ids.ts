const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32: no I, L, O, U

function randomBase32(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const byte of bytes) out += alphabet[byte & 31];
  return out;
}

/** Opaque, URL-safe, roughly time-ordered ids: `usr_01J…`. */
export function newId(prefix: string): string {
  const time = Date.now().toString(32).toUpperCase().padStart(10, "0");
  return `${prefix}_${time}${randomBase32(16)}`;
}

/** Human order numbers such as ORD-7K3F9Q. */
export function newOrderNumber(): string {
  return `ORD-${randomBase32(6)}`;
}

/** 256 bits of randomness, base64url: refresh and reset tokens. */
export function randomToken(bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return base64url(raw);
}

export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
