/**
 * `npm run chaos`: the checkout saga under faults, in the same harness as the benchmark.
 *
 * - the simulated gateway fails 30% of calls with a transient error (PAYMENT_ERROR_RATE=0.3,
 *   half of them after the ledger recorded the charge: "charged, but the answer was lost");
 * - the email provider fails 50% of deliveries (EMAIL_FAILURE_RATE=0.5);
 * - every job is delivered at least twice: for each order the harness sends a second
 *   `{ kind: "charge", orderId }` right after the 202 (racing the real one) and again once the
 *   order settled, and a second `{ kind: "deliver", dedupeKey }` for every outbox row, through
 *   the Worker's own queue producers (Miniflare's getQueueProducer), not through any test hook
 *   in production code.
 *
 * Orders mix tok_visa, tok_chargeDeclined and no token (declined at PAYMENT_FAILURE_RATE=0.5).
 * Then it checks, prints the counts and exits non-zero on any violation: every order settled
 * (paid or payment_failed), stock adds up per SKU, no duplicate charge, one outbox row per
 * dedupe key and every row sent / dead-lettered / still retrying, one history entry per order
 * and status, and that retries really happened.
 *
 * `npm run chaos -- --cancel` (or `--cancel=0.4`) also cancels a share of orders (30 % by
 * default) at a random moment while their charge is in flight (the gateway then takes 400 ms),
 * half by the shopper and half by an admin, and checks the money and stock invariants: an
 * order that ended keeps no money (a charge that landed after the cancel was refunded exactly
 * once), a paid order keeps its total, stock adds up, nothing stays reserved, and the last
 * notification agrees with how the order ended.
 *
 * Env knobs: CHAOS_ORDERS (40), CHAOS_MAX_WAIT (seconds to wait for settling, 170),
 * CHAOS_PAYMENT_ERROR_RATE (0.3), CHAOS_EMAIL_FAILURE_RATE (0.5), CHAOS_CANCEL_SHARE.
 */
import { seedStockBySku } from "../scripts/seed-data.ts";
import { devAccounts } from "../scripts/seed.ts";
import { apiClient, buildBundle, ledgerCharges, machineFacts, mapLimit, sleep, startStorefront, type Storefront } from "./lib/harness.ts";

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const ORDERS = num("CHAOS_ORDERS", 40);
const cancelFlag = process.argv.slice(2).find((arg: string) => arg === "--cancel" || arg.startsWith("--cancel="));
const CANCEL_SHARE = cancelFlag ? Math.min(1, Number(cancelFlag.split("=")[1] ?? process.env.CHAOS_CANCEL_SHARE ?? 0.3) || 0.3) : 0;
const MAX_WAIT_MS = num("CHAOS_MAX_WAIT", 170) * 1000;
const FAULTS = {
  PAYMENT_ERROR_RATE: process.env.CHAOS_PAYMENT_ERROR_RATE ?? "0.3",
  EMAIL_FAILURE_RATE: process.env.CHAOS_EMAIL_FAILURE_RATE ?? "0.5",
  PAYMENT_FAILURE_RATE: "0.5",
  // With cancellations, a charge long enough to cancel in the middle of.
  PAYMENT_LATENCY_MS: CANCEL_SHARE > 0 ? "400" : "50",
  EMAIL_LATENCY_MS: "50",
};
const TOKENS = ["tok_visa", "tok_visa", "tok_chargeDeclined", null] as const;
const ADDRESS = { name: "Grace Hopper", line1: "1 Compiler Way", city: "Arlington", postalCode: "22201", country: "US" };
const PASSWORD = "chaos-password-123";

const log = (line = "") => console.log(line);
const violations: string[] = [];
function check(ok: boolean, what: string): void {
  log(`  ${ok ? "PASS" : "FAIL"}  ${what}`);
  if (!ok) violations.push(what);
}

interface PlacedOrder {
  id: string;
  token: string | null;
  lines: { sku: string; quantity: number }[];
  /** Set when this order was cancelled during its charge: by whom, and the API's answer. */
  cancel?: Promise<{ by: "shopper" | "admin"; status: number; afterMs: number }>;
}

async function main(): Promise<number> {
  const machine = machineFacts();
  const started = Date.now();
  log(`Fault run on ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, workerd ${machine.workerd}`);
  log(`Faults: ${Object.entries(FAULTS).map(([k, v]) => `${k}=${v}`).join(" ")}; every charge and email job delivered at least twice.`);

  log("\n[1] Bundling and starting the Worker (fresh state)…");
  const sf: Storefront = await startStorefront(buildBundle(log).script, {
    label: "chaos",
    vars: { ...FAULTS, LOGIN_FAILURES_PER_CLIENT: "100000", LOGIN_FAILURES_PER_ACCOUNT: "100000", ACCESS_TOKEN_TTL_SECONDS: "3600", AUTH_ATTEMPTS_PER_CLIENT: "100000", REGISTRATIONS_PER_CLIENT: "100000" },
  });
  try {
    const api = apiClient(sf.url);
    const d1 = await sf.mf.getD1Database("DB");
    const paymentsQueue = await sf.mf.getQueueProducer("PAYMENTS_QUEUE", "storefront");
    const emailsQueue = await sf.mf.getQueueProducer("EMAILS_QUEUE", "storefront");
    let duplicateCharges = 0;
    let duplicateDeliveries = 0;
    const duplicateCharge = async (orderId: string) => {
      await paymentsQueue.send({ kind: "charge", orderId });
      duplicateCharges += 1;
    };
    const duplicateDeliver = async (dedupeKeys: string[]) => {
      for (let i = 0; i < dedupeKeys.length; i += 50) {
        await emailsQueue.sendBatch(dedupeKeys.slice(i, i + 50).map((dedupeKey) => ({ body: { kind: "deliver", dedupeKey } })));
      }
      duplicateDeliveries += dedupeKeys.length;
    };

    const admin = devAccounts().find((account) => account.role === "admin")!;
    const adminToken = (await api.login(admin.email, admin.password)).accessToken;
    const skus = Object.entries(seedStockBySku())
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .slice(0, 4)
      .map(([sku]) => sku);
    const stockOf = async (sku: string) =>
      (await api.call<{ onHand: number; reserved: number }>("GET", `/inventory/${sku}`, { token: adminToken, expect: [200] })).body;
    const initial = Object.fromEntries(await Promise.all(skus.map(async (sku) => [sku, (await stockOf(sku)).onHand] as const)));

    log(`\n[2] ${ORDERS} shoppers check out (tokens: tok_visa ×2, tok_chargeDeclined, none — in rotation; SKUs ${skus.join(", ")})`);
    const runId = Date.now().toString(36);
    const placed = await mapLimit(Array.from({ length: ORDERS }, (_, i) => i), 4, async (i): Promise<PlacedOrder> => {
      const { accessToken } = await api.register(`chaos-${runId}-${i}@example.com`, PASSWORD, `Chaos Shopper ${i}`);
      const lines = [{ sku: skus[i % skus.length]!, quantity: 1 }];
      if (i % 3 === 0) lines.push({ sku: skus[(i + 1) % skus.length]!, quantity: 2 });
      for (const line of lines) await api.call("POST", "/cart/items", { token: accessToken, json: line, expect: [200] });
      const token = TOKENS[i % TOKENS.length]!;
      const { body } = await api.call<{ order: { id: string } }>("POST", "/orders", {
        token: accessToken,
        headers: { "idempotency-key": `chaos-${runId}-${i}` },
        json: { shippingAddress: ADDRESS, payment: { method: "card", ...(token ? { token } : {}) } },
        expect: [202],
      });
      const orderId = body.order.id;
      // The same jobs a second time, racing the ones the Worker just enqueued.
      await duplicateCharge(orderId);
      await duplicateDeliver([`order_placed:${orderId}`]);
      const order: PlacedOrder = { id: orderId, token, lines };
      if (CANCEL_SHARE > 0 && Math.random() < CANCEL_SHARE) {
        const by = i % 2 === 0 ? ("shopper" as const) : ("admin" as const);
        const afterMs = Math.floor(Math.random() * 700);
        order.cancel = sleep(afterMs).then(async () => {
          const { status } = await api.call("POST", `/orders/${orderId}/cancel`, { token: by === "shopper" ? accessToken : adminToken, expect: [200, 409] });
          return { by, status, afterMs };
        });
      }
      return order;
    });
    log(`  ${placed.length} orders accepted (202); ${duplicateCharges} duplicate charge jobs and ${duplicateDeliveries} duplicate email jobs sent alongside`);
    const cancels = await Promise.all(placed.flatMap((order) => (order.cancel ? [order.cancel.then((result) => ({ id: order.id, ...result }))] : [])));
    if (CANCEL_SHARE > 0) {
      const accepted = cancels.filter((cancel) => cancel.status === 200).length;
      log(`  ${cancels.length} cancellations sent 0–700 ms after the 202 (${cancels.filter((c) => c.by === "admin").length} by an admin): ${accepted} accepted, ${cancels.length - accepted} refused (the order had moved on)`);
    }

    log(`\n[3] Waiting for every order to settle and every email to finish (retries back off exponentially; cap ${MAX_WAIT_MS / 1000} s)…`);
    const ids = placed.map((order) => order.id);
    const inList = ids.map(() => "?").join(",");
    const orderStatuses = async () =>
      (await d1.prepare(`SELECT id, status FROM orders WHERE id IN (${inList})`).bind(...ids).all<{ id: string; status: string }>()).results;
    const outboxRows = async () =>
      (
        await d1
          .prepare("SELECT dedupe_key, status, attempts, last_error FROM email_outbox ORDER BY dedupe_key")
          .all<{ dedupe_key: string; status: string; attempts: number; last_error: string | null }>()
      ).results;

    const deadline = Date.now() + MAX_WAIT_MS;
    let lateDuplicatesSent = false;
    let lastReport = 0;
    for (;;) {
      const statuses = await orderStatuses();
      const pending = statuses.filter((row) => row.status === "pending").length;
      const outbox = await outboxRows();
      const unfinished = outbox.filter((row) => row.status === "queued" || row.status === "sending").length;
      if (pending === 0 && !lateDuplicatesSent) {
        // Late redelivery: every charge and every email once more, after the fact.
        for (const id of ids) await duplicateCharge(id);
        await duplicateDeliver(outbox.map((row) => row.dedupe_key));
        lateDuplicatesSent = true;
        log(`  all orders settled after ${((Date.now() - started) / 1000).toFixed(0)} s; sent every charge and email job once more (late duplicates)`);
        continue;
      }
      if (Date.now() - lastReport > 10_000) {
        log(`  t+${((Date.now() - started) / 1000).toFixed(0)} s: ${pending} orders pending, ${unfinished}/${outbox.length} emails not yet sent`);
        lastReport = Date.now();
      }
      if (pending === 0 && unfinished === 0 && lateDuplicatesSent) {
        log(`  every email finished (sent or dead-lettered) after ${((Date.now() - started) / 1000).toFixed(0)} s`);
        break;
      }
      if (Date.now() > deadline) {
        log(`  gave up waiting after ${MAX_WAIT_MS / 1000} s: ${pending} orders pending, ${unfinished} emails unfinished`);
        break;
      }
      await sleep(500);
    }
    // Duplicates that found a row mid-delivery come back after 5 s; let them land before counting.
    await sleep(6_000);

    log("\n[4] Checks");
    const finalOrders = (
      await d1
        .prepare(`SELECT o.id, o.status, o.payment_token, p.status AS payment_status, p.failure_reason, p.attempts FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.id IN (${inList})`)
        .bind(...ids)
        .all<{ id: string; status: string; payment_token: string | null; payment_status: string; failure_reason: string | null; attempts: number }>()
    ).results;
    const byStatus = countBy(finalOrders, (row) => row.status);
    const paid = finalOrders.filter((row) => row.status === "paid");
    const failed = finalOrders.filter((row) => row.status === "payment_failed");
    const cancelled = finalOrders.filter((row) => row.status === "cancelled");
    const cancelledIds = new Set(cancels.filter((cancel) => cancel.status === 200).map((cancel) => cancel.id));
    log(`  orders: ${JSON.stringify(byStatus)}  (payment rows: ${finalOrders.length} for ${ORDERS} orders)`);
    check(finalOrders.length === ORDERS, `one payment row per order (${finalOrders.length}/${ORDERS})`);
    check(
      paid.length + failed.length + cancelled.length === ORDERS,
      `every order ended paid, payment_failed or cancelled: ${paid.length} paid + ${failed.length} payment_failed + ${cancelled.length} cancelled, ${ORDERS - paid.length - failed.length - cancelled.length} stuck or other`,
    );
    check(
      cancelled.length === cancelledIds.size && cancelled.every((row) => cancelledIds.has(row.id)),
      `exactly the orders whose cancel was accepted are cancelled (${cancelled.length} cancelled, ${cancelledIds.size} cancels accepted)`,
    );
    const live = finalOrders.filter((row) => row.status !== "cancelled");
    const wrongVisa = live.filter((row) => row.payment_token === "tok_visa" && row.status !== "paid" && row.failure_reason !== "payment_service_unavailable");
    const wrongDeclined = live.filter((row) => row.payment_token === "tok_chargeDeclined" && row.status !== "payment_failed");
    const abandoned = finalOrders.filter((row) => row.failure_reason === "payment_service_unavailable");
    check(wrongVisa.length === 0 && wrongDeclined.length === 0, `outcomes follow the test tokens (tok_visa not paid: ${wrongVisa.length}, tok_chargeDeclined not failed: ${wrongDeclined.length}; gave up after retries: ${abandoned.length})`);
    // payments.attempts counts gateway calls, the harness's duplicate charge jobs included; the
    // consumer's retry log lines count the gateway errors it retried.
    const chargeRetries = sf.logs.byMsg.payment_job_retry ?? 0;
    const multiAttempt = finalOrders.filter((row) => row.attempts > 1).length;
    check(chargeRetries > 0, `gateway errors were retried: ${chargeRetries} charge jobs retried with backoff; ${multiAttempt} payments reached the gateway more than once (retries and duplicate jobs), max ${Math.max(...finalOrders.map((row) => row.attempts))} times`);

    // Stock per SKU: only orders that kept their goods took units.
    const soldBySku: Record<string, number> = {};
    const paidIds = new Set(paid.map((row) => row.id));
    for (const order of placed) {
      if (!paidIds.has(order.id)) continue;
      for (const line of order.lines) soldBySku[line.sku] = (soldBySku[line.sku] ?? 0) + line.quantity;
    }
    for (const sku of skus) {
      const level = await stockOf(sku);
      const copy = await d1.prepare("SELECT available FROM product_variants WHERE sku = ?").bind(sku).first<{ available: number }>();
      const expected = initial[sku]! - (soldBySku[sku] ?? 0);
      check(
        level.onHand === expected && level.reserved === 0 && copy?.available === level.onHand,
        `stock ${sku}: ${initial[sku]} initial − ${soldBySku[sku] ?? 0} in paid orders = ${expected}; on hand ${level.onHand}, reserved ${level.reserved}, D1 copy ${copy?.available}`,
      );
    }

    // Money, from the gateway's own ledger: what it kept for each order.
    const gateway = await sf.driver<{ charges: number; succeeded: number; declined: number; duplicateChargeOrders: number; refunds: number }>("/gateway-stats");
    log(`  gateway ledger: ${JSON.stringify(gateway)}`);
    check(gateway.duplicateChargeOrders === 0, `no order charged twice (duplicateChargeOrders = ${gateway.duplicateChargeOrders})`);
    const ledger = await ledgerCharges(sf);
    const totals = new Map(
      (await d1.prepare(`SELECT id, total_cents, refunded_cents FROM orders WHERE id IN (${inList})`).bind(...ids).all<{ id: string; total_cents: number; refunded_cents: number }>()).results.map((row) => [row.id, row]),
    );
    const kept = (orderId: string) => ledger.filter((row) => row.orderId === orderId && row.status === "succeeded").reduce((sum, row) => sum + row.amountCents - row.refundedCents, 0);
    const endedKeeping = finalOrders.filter((row) => row.status !== "paid" && kept(row.id) !== 0);
    const paidWrong = paid.filter((row) => kept(row.id) !== totals.get(row.id)!.total_cents - totals.get(row.id)!.refunded_cents);
    const refundedAfterCancel = cancelled.filter((row) => ledger.some((charge) => charge.orderId === row.id && charge.status === "succeeded"));
    const overRefunded = ledger.filter((row) => row.refundedCents > row.amountCents);
    check(endedKeeping.length === 0, `orders that ended keep no money (${endedKeeping.length} keep some: ${endedKeeping.map((row) => `${row.id}/${row.status}`).join(", ") || "none"})`);
    check(paidWrong.length === 0, `every paid order kept exactly its total (${paidWrong.length} wrong)`);
    check(overRefunded.length === 0, `no charge refunded more than once or beyond its amount (${overRefunded.length})`);
    if (CANCEL_SHARE > 0) log(`  cancelled orders whose charge had already gone through, refunded in full: ${refundedAfterCancel.length}`);
    const refundRows = (await d1.prepare(`SELECT status, count(*) AS n FROM refunds WHERE order_id IN (${inList}) GROUP BY status`).bind(...ids).all<{ status: string; n: number }>()).results;
    check(refundRows.every((row) => row.status === "succeeded"), `every refund went through (${JSON.stringify(refundRows)})`);

    // Exactly-once state changes: one entry per status an order moved to.
    const duplicateHistory = (
      await d1
        .prepare(
          `SELECT order_id, status, count(*) AS n FROM order_history
           WHERE order_id IN (${inList}) AND (from_status IS NULL OR from_status != status OR kind = 'placed')
           GROUP BY order_id, status HAVING count(*) > 1`,
        )
        .bind(...ids)
        .all()
    ).results.length;
    check(duplicateHistory === 0, `one history entry per order and status it moved to (duplicates: ${duplicateHistory})`);
    const lastNotes = (
      await d1
        .prepare(
          `SELECT o.id, o.status, (SELECT n.type FROM notifications n WHERE n.order_id = o.id ORDER BY n.rowid DESC LIMIT 1) AS last
           FROM orders o WHERE o.id IN (${inList})`,
        )
        .bind(...ids)
        .all<{ id: string; status: string; last: string | null }>()
    ).results;
    const expectedLast = (row: { id: string; status: string }) =>
      row.status === "paid" ? ["payment_succeeded"] : row.status === "payment_failed" ? ["payment_failed"] : kept(row.id) === 0 && ledger.some((charge) => charge.orderId === row.id && charge.status === "succeeded") ? ["order_refunded"] : ["order_cancelled"];
    const disagreeing = lastNotes.filter((row) => !expectedLast(row).includes(row.last ?? ""));
    check(disagreeing.length === 0, `the last notification agrees with how each order ended (${disagreeing.length} disagree${disagreeing.length ? `: ${disagreeing.slice(0, 5).map((row) => `${row.status}/${row.last}`).join(", ")}` : ""})`);

    // Emails.
    const outbox = await outboxRows();
    const keys = new Set(outbox.map((row) => row.dedupe_key));
    const emailStatuses = countBy(outbox, (row) => row.status);
    const retried = outbox.filter((row) => row.attempts > 1);
    const failedJobs = (
      await d1.prepare("SELECT queue, body, error, attempts FROM failed_jobs ORDER BY created_at").all<{ queue: string; body: string; error: string; attempts: number }>()
    ).results;
    const deadLetteredKeys = new Set(
      failedJobs.filter((job) => job.queue === "storefront-emails").map((job) => (JSON.parse(job.body) as { dedupeKey?: string }).dedupeKey),
    );
    log(`  outbox: ${outbox.length} rows ${JSON.stringify(emailStatuses)}; ${retried.length} needed more than one attempt (max ${Math.max(0, ...outbox.map((row) => row.attempts))})`);
    check(keys.size === outbox.length, `one outbox row per dedupe key (${outbox.length} rows, ${keys.size} keys)`);
    check(outbox.length >= ORDERS * 2, `at least two emails per order: placed + outcome (${outbox.length} for ${ORDERS} orders)`);
    const unexplained = outbox.filter((row) => row.status === "failed" && !deadLetteredKeys.has(row.dedupe_key));
    const stillRetrying = outbox.filter((row) => row.status === "queued" || row.status === "sending");
    check(unexplained.length === 0, `every outbox row is sent, still retrying (${stillRetrying.length}) or dead-lettered with a failed job (${outbox.filter((row) => row.status === "failed").length}); unexplained failures: ${unexplained.length}`);
    check((sf.logs.byMsg.email_retry ?? 0) > 0 && retried.length > 0, `email failures were retried: ${sf.logs.byMsg.email_retry ?? 0} deliveries retried with backoff; ${retried.length} rows claimed more than once`);
    log(`  failed jobs: ${failedJobs.length}${failedJobs.length ? ` (${JSON.stringify(countBy(failedJobs, (job) => job.queue))})` : ""}`);
    for (const job of failedJobs.slice(0, 10)) log(`    ${job.queue} after ${job.attempts} attempts: ${job.body} — ${job.error}`);
    log(`  duplicate jobs sent by the harness: ${duplicateCharges} charge, ${duplicateDeliveries} deliver`);
    check(sf.outbound.length === 0, `no request left 127.0.0.1 (${sf.outbound.length} blocked)`);
    log(`  Worker warn/error log lines by kind: ${JSON.stringify(sf.logs.byMsg)}`);

    log(`\nChaos run finished in ${((Date.now() - started) / 1000).toFixed(0)} s: ${violations.length === 0 ? "no violations" : `${violations.length} VIOLATION(S)`}.`);
    for (const violation of violations) log(`  - ${violation}`);
    return violations.length === 0 ? 0 : 1;
  } finally {
    await sf.dispose();
  }
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
