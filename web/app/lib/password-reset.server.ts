import type { AppLoadContext } from "@remix-run/cloudflare";
import { z } from "zod";
import { emailField, newPasswordField, resetPasswordBody } from "../../../workers/domain/schemas/auth";
import { callApi, readProblem, type Problem } from "./api.server";

/**
 * Forgotten passwords, through the API: POST /auth/forgot-password emails a single-use link
 * (answering the same whether or not the account exists), POST /auth/reset-password/check says
 * whether a link is still live, POST /auth/reset-password spends it.
 * The form rules are the API's own fields.
 */

/** Site messages are resource keys (see forms.ts). */
const text = z.string({ error: "validation.required" });

export const forgotPasswordForm = z.object({
  email: text.trim().min(1, "validation.email").pipe(emailField),
});

export const resetPasswordForm = z
  .object({
    token: z.string({ error: "validation.resetIncomplete" }).min(1, "validation.resetIncomplete").pipe(resetPasswordBody.shape.token),
    newPassword: text.pipe(newPasswordField),
    confirmPassword: text,
  })
  .refine((form) => form.newPassword === form.confirmPassword, {
    path: ["confirmPassword"],
    message: "validation.passwordsMatch",
  });

export type ForgotPasswordFields = keyof z.input<typeof forgotPasswordForm>;
export type ResetPasswordFields = keyof z.input<typeof resetPasswordForm>;

export type RecoveryOutcome = { ok: true } | { ok: false; problem: Problem };

export async function requestPasswordReset(context: AppLoadContext, email: string): Promise<RecoveryOutcome> {
  const response = await callApi(context, "/auth/forgot-password", { method: "POST", json: { email } });
  if (response.status === 202) return { ok: true };
  return { ok: false, problem: await readProblem(response) };
}

/**
 * Whether a reset link can still be spent, asked when it is opened (POST
 * /auth/reset-password/check spends nothing). "unknown" when the API could not say (a 429, an
 * outage): the page then offers the form, and the reset itself has the last word.
 */
export type ResetLinkState = "live" | "invalid" | "unknown";

export async function checkResetLink(context: AppLoadContext, token: string): Promise<ResetLinkState> {
  const response = await callApi(context, "/auth/reset-password/check", { method: "POST", json: { token } });
  if (response.ok) return "live";
  if (response.status === 400) return "invalid";
  console.warn(JSON.stringify({ level: "warn", msg: "reset_link_check_unavailable", status: response.status, requestId: context.requestId }));
  return "unknown";
}

export async function resetPassword(context: AppLoadContext, input: { token: string; newPassword: string }): Promise<RecoveryOutcome> {
  const response = await callApi(context, "/auth/reset-password", { method: "POST", json: input });
  if (response.status === 204) return { ok: true };
  return { ok: false, problem: await readProblem(response) };
}
