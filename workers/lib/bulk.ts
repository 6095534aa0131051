import { summariseBulk, type BulkItemResult } from "../domain/bulk-actions";
import { ApiError } from "./problem";

/**
 * Runs one record's change per id, one after another (each is the single-record code path,
 * with its own guards and audit entry), and reports every outcome: a refusal for one id
 * leaves that record unchanged and does not stop the rest.
 */
export async function runBulk(ids: readonly string[], change: (id: string) => Promise<void>, requestId: string) {
  const results: BulkItemResult[] = [];
  for (const id of ids) {
    try {
      await change(id);
      results.push({ id, ok: true });
    } catch (error) {
      if (error instanceof ApiError) {
        results.push({ id, ok: false, problem: { status: error.status, code: error.code, detail: error.message } });
        continue;
      }
      // A fault, not a refusal: logged in full, reported for this id, and the rest still run.
      console.error(JSON.stringify({ level: "error", msg: "bulk_item_failed", requestId, id, error: error instanceof Error ? error.message : String(error) }));
      results.push({ id, ok: false, problem: { status: 500, code: "internal", detail: "Something went wrong with this one; it may not have changed." } });
    }
  }
  return { results, ...summariseBulk(results) };
}
