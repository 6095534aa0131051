import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../../factory";
import { refreshTokens } from "../schema";
import { newId, randomToken, sha256Hex } from "../../lib/ids";

const now = () => new Date().toISOString();

export interface IssuedRefreshToken {
  token: string;
  familyId: string;
}

/** Stores a new refresh token (its hash only) in a new or existing session family. */
export async function issueRefreshToken(
  db: Db,
  options: { userId: string; ttlSeconds: number; familyId?: string; userAgent?: string },
): Promise<IssuedRefreshToken> {
  const token = randomToken();
  const familyId = options.familyId ?? newId("ses");
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

/**
 * Marks a token rotated, but only if nobody else has: two refreshes racing with one token
 * cannot both succeed. Returns whether this caller won.
 */
export async function claimForRotation(db: Db, id: string): Promise<boolean> {
  const result = await db
    .update(refreshTokens)
    .set({ rotatedAt: now() })
    .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.rotatedAt), isNull(refreshTokens.revokedAt)))
    .run();
  return result.meta.changes === 1;
}

export async function isFamilyRevoked(db: Db, familyId: string): Promise<boolean> {
  const revoked = await db
    .select({ id: refreshTokens.id })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.familyId, familyId), sql`${refreshTokens.revokedAt} IS NOT NULL`))
    .limit(1)
    .get();
  return revoked !== undefined;
}

export async function revokeFamily(db: Db, familyId: string, reason: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now(), revokedReason: reason })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

export async function revokeToken(db: Db, id: string, reason: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now(), revokedReason: reason })
    .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.revokedAt)));
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
