import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { QUEUE_MAX_RETRIES, QUEUES } from "../../workers/domain/queues";

/** The [[queues.consumers]] blocks of wrangler.toml, read as the deploy reads them. */
async function consumers(): Promise<{ queue: string; maxRetries: number; deadLetterQueue: string | null }[]> {
  const text = await readFile(new URL("../../wrangler.toml", import.meta.url), "utf8");
  return text
    .split(/^\[\[queues\.consumers\]\]\s*$/m)
    .slice(1)
    .map((block) => {
      const value = (key: string) => new RegExp(`^${key}\\s*=\\s*"?([^"\\n]+)"?`, "m").exec(block.split(/^\[/m)[0]!)?.[1]?.trim() ?? null;
      return { queue: value("queue")!, maxRetries: Number(value("max_retries")), deadLetterQueue: value("dead_letter_queue") };
    });
}

describe("the queues the domain knows", () => {
  it("match wrangler.toml's names and retry limits, so dead letters count their deliveries right", async () => {
    const declared = await consumers();
    expect(declared.map((consumer) => consumer.queue).sort()).toEqual(Object.values(QUEUES).sort());
    for (const consumer of declared) {
      expect(consumer.maxRetries, consumer.queue).toBe(QUEUE_MAX_RETRIES[consumer.queue as keyof typeof QUEUE_MAX_RETRIES]);
    }
    expect(declared.find((consumer) => consumer.queue === QUEUES.payments)?.deadLetterQueue).toBe(QUEUES.paymentsDead);
    expect(declared.find((consumer) => consumer.queue === QUEUES.emails)?.deadLetterQueue).toBe(QUEUES.emailsDead);
  });
});
