import type { Db } from "../../factory";
import { auditLog } from "../schema";
import { newId } from "../../lib/ids";

/** The insert for one audit entry, to run alone or inside a db.batch() with the change. */
export function auditEntry(
  db: Db,
  entry: {
    actorId: string | null;
    action: string;
    entityType: string;
    entityId: string;
    details?: Record<string, unknown>;
    requestId?: string;
  },
) {
  return db.insert(auditLog).values({
    id: newId("aud"),
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    details: entry.details ?? null,
    requestId: entry.requestId ?? null,
  });
}
