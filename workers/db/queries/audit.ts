import { sql, type SQL } from "drizzle-orm";
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

/** An audit entry written only when `guard` holds inside the batch (the change really happened). */
export function auditEntryIf(entry: Parameters<typeof auditEntry>[1], guard: SQL): SQL {
  return sql`
    INSERT INTO audit_log (id, actor_id, action, entity_type, entity_id, details, request_id)
    SELECT ${newId("aud")}, ${entry.actorId}, ${entry.action}, ${entry.entityType}, ${entry.entityId},
           ${JSON.stringify(entry.details ?? null)}, ${entry.requestId ?? null}
    WHERE ${guard}`;
}
