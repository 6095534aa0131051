import type { AppConfig } from "../../env";

export interface OutgoingEmail {
  id: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Worth retrying: the provider was slow, down or rate limiting. */
export class EmailTemporaryError extends Error {
  override name = "EmailTemporaryError";
}

/** Not worth retrying: the provider refused this message (bad address, rejected content). */
export class EmailRejectedError extends Error {
  override name = "EmailRejectedError";
}

export interface EmailProvider {
  readonly name: "outbox" | "resend";
  deliver(email: OutgoingEmail): Promise<{ providerMessageId: string }>;
}

const sleep = (ms: number) => (ms > 0 ? scheduler.wait(ms) : Promise.resolve());

/**
 * The local mail catcher: the outbox row in D1 is the delivered message, shown in the admin's
 * outbox. It takes EMAIL_LATENCY_MS, like the old system's slow SMTP server, and fails at
 * EMAIL_FAILURE_RATE for fault runs.
 */
export function outboxProvider(config: AppConfig, random: () => number = Math.random): EmailProvider {
  return {
    name: "outbox",
    async deliver(email) {
      await sleep(config.EMAIL_LATENCY_MS);
      if (random() < config.EMAIL_FAILURE_RATE) throw new EmailTemporaryError("simulated mail server failure");
      return { providerMessageId: `outbox-${email.id}` };
    },
  };
}

/**
 * Resend's HTTP API. The outbox row id is the Idempotency-Key, so a retried delivery whose
 * first answer was lost is not sent twice.
 */
export function resendProvider(config: AppConfig): EmailProvider {
  return {
    name: "resend",
    async deliver(email) {
      let response: Response;
      try {
        response = await fetch("https://api.resend.com/emails", {
          method: "POST",
          headers: {
            authorization: `Bearer ${config.EMAIL_API_KEY}`,
            "content-type": "application/json",
            "idempotency-key": email.id,
          },
          body: JSON.stringify({ from: email.from, to: [email.to], subject: email.subject, html: email.html, text: email.text }),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        throw new EmailTemporaryError(`email API unreachable: ${String(error)}`);
      }
      if (response.ok) {
        const body = (await response.json().catch(() => ({}))) as { id?: unknown };
        return { providerMessageId: typeof body.id === "string" ? body.id : email.id };
      }
      const detail = await response.text().catch(() => "");
      if (response.status === 429 || response.status >= 500) {
        throw new EmailTemporaryError(`email API ${response.status}: ${detail.slice(0, 200)}`);
      }
      throw new EmailRejectedError(`email API ${response.status}: ${detail.slice(0, 200)}`);
    },
  };
}

export function emailProvider(config: AppConfig): EmailProvider {
  return config.EMAIL_PROVIDER === "resend" ? resendProvider(config) : outboxProvider(config);
}
