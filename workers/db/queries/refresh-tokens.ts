import { and, eq, exists, gt, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../../factory";
import { refreshTokens, users, type User } from "../schema";
import { newId, randomToken, sha256Hex } from "../../lib/ids";

const now = () => new Date().toISOString();

export interface IssuedRefreshToken {
  token: string;
  familyId: string;
}

/** Stores the first refresh token (its hash only) of a new session family. */
export async function issueRefreshToken(
  db: Db,
  options: { userId: string; ttlSeconds: number; userAgent?: string },
): Promise<IssuedRefreshToken> {
  const token = randomToken();
  const familyId = newId("ses");
  await db.insert(refreshTokens).values({
    id: newId("rt"),
    userId: options.userId,
    familyId,
    tokenHash: await sha256Hex(token),
    expiresAt: new Date(Date.now() + options.ttlSeconds * 1000).toISOString(),
    userAgent: options.userAgent?.slice(0, 256) ?? null,
  });
  return { token, familyId };
}

export async function findRefreshToken(db: Db, token: string) {
  return db.query.refreshTokens.findFirst({
    where: eq(refreshTokens.tokenHash, await sha256Hex(token)),
  });
}

export interface RotatedRefreshToken {
  token: string;
  familyId: string;
}

/**
 * Rotates `presented` to its successor, in one D1 batch (one transaction, one round trip):
 * stores the successor if `presented` was never rotated and its session is live, marks
 * `presented` rotated (its first rotation time stays), and reads back which candidate is
 * stored. Every caller, however many race, ends up with the one successor stored the first
 * time; there is never a second. Returns null when the session was revoked meanwhile.
 */
export async function rotateRefreshToken(
  db: Db,
  options: {
    presented: { id: string; familyId: string };
    /** The successor candidates, the one to store first (lib/refresh-successor.ts). */
    candidates: readonly { token: string; tokenHash: string }[];
    ttlSeconds: number;
    userAgent?: string;
  },
): Promise<RotatedRefreshToken | null> {
  const [next] = options.candidates;
  if (!next) throw new Error("No successor candidates");
  const at = now();
  const d1 = db.$client;
  const hashes = options.candidates.map((candidate) => candidate.tokenHash);
  const [, , stored] = await d1.batch<{ token_hash: string; revoked_at: string | null }>([
    d1
      .prepare(
        `INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at, user_agent)
         SELECT ?, presented.user_id, presented.family_id, ?, ?, ?
           FROM refresh_tokens AS presented
          WHERE presented.id = ? AND presented.rotated_at IS NULL AND presented.revoked_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM refresh_tokens AS sibling
                             WHERE sibling.family_id = presented.family_id AND sibling.revoked_at IS NOT NULL)
         ON CONFLICT (token_hash) DO NOTHING`,
      )
      .bind(
        newId("rt"),
        next.tokenHash,
        new Date(Date.now() + options.ttlSeconds * 1000).toISOString(),
        options.userAgent?.slice(0, 256) ?? null,
        options.presented.id,
      ),
    d1
      .prepare("UPDATE refresh_tokens SET rotated_at = COALESCE(rotated_at, ?) WHERE id = ? AND revoked_at IS NULL")
      .bind(at, options.presented.id),
    d1
      .prepare(
        `SELECT token_hash, revoked_at FROM refresh_tokens
          WHERE family_id = ? AND token_hash IN (${hashes.map(() => "?").join(", ")})`,
      )
      .bind(options.presented.familyId, ...hashes),
  ]);
  const successor = stored?.results.find((row) => row.revoked_at === null);
  const candidate = successor && options.candidates.find((option) => option.tokenHash === successor.token_hash);
  return candidate ? { token: candidate.token, familyId: options.presented.familyId } : null;
}

export async function revokeFamily(db: Db, familyId: string, reason: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now(), revokedReason: reason })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/** Revokes every session of a user, optionally sparing the caller's own session. */
export function revokeUserSessions(db: Db, userId: string, reason: string, exceptFamilyId?: string) {
  return db
    .update(refreshTokens)
    .set({ revokedAt: now(), revokedReason: reason })
    .where(
      and(
        eq(refreshTokens.userId, userId),
        isNull(refreshTokens.revokedAt),
        exceptFamilyId ? ne(refreshTokens.familyId, exceptFamilyId) : sql`1 = 1`,
      ),
    );
}

/**
 * The user as stored now, provided `sessionId` is still one of their live sessions (a token
 * of it neither revoked nor expired); undefined otherwise. One read, for the routes that must
 * notice a demotion or a revocation at once rather than when the access token expires.
 */
export async function findUserInLiveSession(db: Db, userId: string, sessionId: string | undefined): Promise<User | undefined> {
  if (!sessionId) return undefined;
  const live = db
    .select({ one: sql`1` })
    .from(refreshTokens)
    .where(
      and(
        eq(refreshTokens.familyId, sessionId),
        eq(refreshTokens.userId, userId),
        isNull(refreshTokens.revokedAt),
        gt(refreshTokens.expiresAt, now()),
      ),
    );
  return db.select().from(users).where(and(eq(users.id, userId), exists(live))).get();
}
