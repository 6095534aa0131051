import { errors as joseErrors, jwtVerify, SignJWT, type JWTHeaderParameters } from "jose";
import type { AppConfig } from "../env";
import type { AuthContext } from "../factory";

/**
 * Access tokens: HS256 JWTs, short-lived, with a `kid` naming the key from the key ring so keys
 * can be rotated (sign with the first, verify with any). The verifier pins the algorithm, the
 * issuer, the audience and the token type; `alg: none` and every other algorithm are refused.
 * See docs/decisions/003-access-tokens.md.
 */
const ALGORITHM = "HS256";
const TOKEN_TYPE = "at+jwt";

export interface SigningKey {
  kid: string;
  secret: Uint8Array<ArrayBuffer>;
}

const keyRings = new WeakMap<AppConfig, SigningKey[]>();

/** The parsed `JWT_SIGNING_KEYS`, the signing key first. Also the root of refresh-token successors. */
export function keyRing(config: AppConfig): SigningKey[] {
  let ring = keyRings.get(config);
  if (!ring) {
    ring = config.JWT_SIGNING_KEYS.map((entry) => {
      const separator = entry.indexOf(":");
      const raw = entry.slice(separator + 1).replaceAll("-", "+").replaceAll("_", "/");
      return {
        kid: entry.slice(0, separator),
        secret: Uint8Array.from(atob(raw), (char) => char.charCodeAt(0)),
      };
    });
    keyRings.set(config, ring);
  }
  return ring;
}

export async function signAccessToken(
  config: AppConfig,
  subject: AuthContext,
): Promise<{ token: string; expiresIn: number }> {
  const [current] = keyRing(config);
  if (!current) throw new Error("No signing key configured");
  const expiresIn = config.ACCESS_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({ role: subject.role, sid: subject.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, kid: current.kid, typ: TOKEN_TYPE })
    .setSubject(subject.userId)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${expiresIn}s`)
    .setJti(crypto.randomUUID())
    .sign(current.secret);
  return { token, expiresIn };
}

export type AccessTokenFailure = "expired" | "invalid";

/** Returns the verified subject, or why the token was refused. Never throws for bad input. */
export async function verifyAccessToken(
  config: AppConfig,
  token: string,
): Promise<{ ok: true; auth: AuthContext } | { ok: false; reason: AccessTokenFailure }> {
  const ring = keyRing(config);
  try {
    const { payload } = await jwtVerify(
      token,
      (header: JWTHeaderParameters) => {
        const key = ring.find((candidate) => candidate.kid === header.kid);
        if (!key) throw new joseErrors.JWKSNoMatchingKey();
        return key.secret;
      },
      {
        algorithms: [ALGORITHM],
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        typ: TOKEN_TYPE,
        requiredClaims: ["sub", "exp", "iat"],
      },
    );
    const role = payload["role"];
    if (typeof payload.sub !== "string" || (role !== "customer" && role !== "admin")) {
      return { ok: false, reason: "invalid" };
    }
    const sessionId = typeof payload["sid"] === "string" ? payload["sid"] : undefined;
    return { ok: true, auth: { userId: payload.sub, role, sessionId } };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return { ok: false, reason: "expired" };
    return { ok: false, reason: "invalid" };
  }
}
