import { z } from "zod";
import {
  changePasswordBody,
  emailField,
  loginBody,
  nameField,
  newPasswordField,
  phoneField,
} from "../../../workers/domain/schemas/auth";
import { addToCartBody, setCartQuantityBody } from "../../../workers/domain/schemas/cart";
import { createReviewBody } from "../../../workers/domain/schemas/catalog";
import { cartDiscountBody } from "../../../workers/domain/schemas/promotions";

/**
 * One schema per form, used by its action to validate the posted fields. Field rules come
 * from the API's own schemas (workers/domain/schemas/auth.ts), so the site can never
 * accept what the API would refuse, or the reverse. Keep these out of components: they
 * pull zod into whatever bundle imports them (routes use them only in actions).
 */

/*
 * The site's own messages are resource keys under `validation.` (parseForm puts them in the
 * page's language); the API's field rules keep the API's words.
 */

/** A text input; browsers send "" for an empty one. */
const text = z.string({ error: "validation.required" });

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
    currentPassword: z.string().min(1, "validation.currentPassword").pipe(changePasswordBody.shape.currentPassword),
    newPassword: text.pipe(newPasswordField),
    confirmPassword: text,
  })
  .refine((form) => form.newPassword === form.confirmPassword, {
    path: ["confirmPassword"],
    message: "validation.passwordsMatch",
  });

/** A whole number typed into a box, handed to the API's own rule for it. */
function wholeNumber<Rule extends z.ZodType<unknown, number>>(rule: Rule, emptyMessage: string) {
  return text
    .trim()
    .min(1, emptyMessage)
    .regex(/^\d{1,4}$/, "validation.wholeNumber")
    .transform(Number)
    .pipe(rule);
}

/** Add to cart from a product page: the API's own sku and quantity (1..99) rules. */
export const addToCartForm = z.object({
  sku: z.string({ error: "validation.chooseOption" }).min(1, "validation.chooseOption").pipe(addToCartBody.shape.sku),
  quantity: wholeNumber(addToCartBody.shape.quantity, "validation.quantity"),
});

/** A cart line's quantity change (0 removes it). */
export const cartQuantityForm = z.object({
  sku: text.pipe(addToCartBody.shape.sku),
  quantity: wholeNumber(setCartQuantityBody.shape.quantity, "validation.quantity"),
});

/** The cart's discount-code form: the API's own rule for a code, without the form's other fields. */
export const cartDiscountForm = z.object({ code: cartDiscountBody.shape.code });

/** A cart line's remove button. */
export const cartLineForm = z.object({ sku: text.pipe(addToCartBody.shape.sku) });

/** A review: the API's rules for rating (1..5), an optional title and the body. */
export const reviewForm = z.object({
  rating: z
    .string({ error: "validation.rating" })
    .regex(/^[1-5]$/, "validation.rating")
    .transform(Number)
    .pipe(createReviewBody.shape.rating),
  // An empty box means no title.
  title: z
    .string()
    .optional()
    .transform((value) => (value && value.trim() !== "" ? value : undefined))
    .pipe(createReviewBody.shape.title),
  body: z.string({ error: "validation.reviewBody" }).min(1, "validation.reviewBody").pipe(createReviewBody.shape.body),
});

export type RegisterFields = keyof z.input<typeof registerForm>;
export type LoginFields = keyof z.input<typeof loginForm>;
export type ProfileFields = keyof z.input<typeof profileForm>;
export type ChangePasswordFields = keyof z.input<typeof changePasswordForm>;
export type AddToCartFields = keyof z.input<typeof addToCartForm>;
export type CartQuantityFields = keyof z.input<typeof cartQuantityForm>;
export type ReviewFields = keyof z.input<typeof reviewForm>;
