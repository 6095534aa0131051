import { csvFileName, csvRow, type CsvCell } from "../domain/csv";

/** How many rows an export reads from D1 at a time. */
export const EXPORT_PAGE_SIZE = 500;

/**
 * A CSV download that pulls one page from `pages` each time the client is ready for more, so
 * an export of any size holds only one page in memory. A failure part-way is logged and ends
 * the stream with an error, which the client sees as a broken download rather than a short file.
 */
export function csvResponse(what: string, header: readonly string[], pages: AsyncIterator<CsvCell[][]>, requestId: string): Response {
  const encoder = new TextEncoder();
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRow(header)));
        return;
      }
      try {
        const next = await pages.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(next.value.map(csvRow).join("")));
      } catch (error) {
        console.error(JSON.stringify({ level: "error", msg: "csv_export_failed", what, requestId, error: error instanceof Error ? error.message : String(error) }));
        controller.error(error);
      }
    },
    async cancel() {
      await pages.return?.();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${csvFileName(what)}"`,
      "cache-control": "private, no-store",
    },
  });
}
