import { z } from "@hono/zod-openapi";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../password-policy";

/** Shared by the API and the site's forms. */
export const emailField = z.email("Enter a valid email address.").max(254).openapi({ example: "sam@example.com" });
export const newPasswordField = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);
export const nameField = z.string().trim().min(1, "Enter your name.").max(100);
export const phoneField = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, "Enter a valid phone number.");

export const registerBody = z
  .object({ email: emailField, password: newPasswordField, name: nameField })
  .strict()
  .openapi("RegisterRequest");

export const loginBody = z
  .object({
    email: z.string().trim().min(1, "Enter your email address.").max(254),
    password: z.string().min(1, "Enter your password.").max(1024),
  })
  .strict()
  .openapi("LoginRequest");

export const refreshBody = z
  .object({ refreshToken: z.string().min(1).max(512) })
  .strict()
  .openapi("RefreshRequest");

export const forgotPasswordBody = z.object({ email: emailField }).strict().openapi("ForgotPasswordRequest");

export const resetPasswordBody = z
  .object({ token: z.string().min(1).max(512), newPassword: newPasswordField })
  .strict()
  .openapi("ResetPasswordRequest");

/** Asks whether a reset link is still live, without spending it. */
export const resetTokenCheckBody = z
  .object({ token: resetPasswordBody.shape.token })
  .strict()
  .openapi("ResetTokenCheckRequest");

export const resetTokenCheckResponse = z
  .object({ expiresAt: z.string().openapi({ description: "When the link stops working (ISO 8601 UTC)" }) })
  .openapi("ResetTokenCheck");

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    role: z.enum(["customer", "admin"]),
    createdAt: z.string(),
  })
  .openapi("User");

export const authResponse = z
  .object({
    user: userSchema,
    accessToken: z.string(),
    refreshToken: z.string(),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int().openapi({ description: "Seconds until the access token expires" }),
  })
  .openapi("AuthResponse");

export const updateProfileBody = z
  .object({ name: nameField.optional(), phone: phoneField.nullable().optional() })
  .strict()
  .openapi("UpdateProfileRequest");

export const changePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: newPasswordField })
  .strict()
  .openapi("ChangePasswordRequest");

export const roleChangeBody = z.object({ role: z.enum(["customer", "admin"]) }).strict().openapi("RoleChange");

export type RegisterBody = z.infer<typeof registerBody>;
export type UserView = z.infer<typeof userSchema>;
