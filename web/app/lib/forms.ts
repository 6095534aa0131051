import { z } from "zod";
import {
  changePasswordBody,
  emailField,
  loginBody,
  nameField,
  newPasswordField,
  phoneField,
} from "../../../workers/domain/schemas/auth";

/**
 * One schema per form, used by its action to validate the posted fields. Field rules come
 * from the API's own schemas (workers/domain/schemas/auth.ts), so the site can never
 * accept what the API would refuse, or the reverse. Keep these out of components: they
 * pull zod into whatever bundle imports them (routes use them only in actions).
 */

/** A text input; browsers send "" for an empty one. */
const text = z.string({ error: "This field is required." });

const redirectTo = z.string().max(2048).optional();

export const registerForm = z.object({
  name: text.pipe(nameField),
  email: text.trim().pipe(emailField),
  password: text.pipe(newPasswordField),
  redirectTo,
});

export const loginForm = z.object({
  email: loginBody.shape.email,
  password: loginBody.shape.password,
  redirectTo,
});

export const profileForm = z.object({
  name: text.pipe(nameField),
  // An empty box clears the phone number.
  phone: text
    .trim()
    .transform((value) => (value === "" ? null : value))
    .pipe(phoneField.nullable()),
});

export const changePasswordForm = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").pipe(changePasswordBody.shape.currentPassword),
    newPassword: text.pipe(newPasswordField),
    confirmPassword: text,
  })
  .refine((form) => form.newPassword === form.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match.",
  });

export type RegisterFields = keyof z.input<typeof registerForm>;
export type LoginFields = keyof z.input<typeof loginForm>;
export type ProfileFields = keyof z.input<typeof profileForm>;
export type ChangePasswordFields = keyof z.input<typeof changePasswordForm>;
