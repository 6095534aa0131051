import { useTranslation } from "react-i18next";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../../workers/domain/password-policy";
import { Field } from "~/components/field";

/** What the sign-in, sign-up, reset and account forms pass to one of their fields. */
interface AccountFieldProps {
  defaultValue?: string | undefined;
  error?: string | undefined;
}

/** The address an account signs in with. */
export function EmailField({ defaultValue, error }: AccountFieldProps) {
  const { t } = useTranslation();
  return (
    <Field
      label={t("checkout.email")}
      name="email"
      type="email"
      autoComplete="email"
      inputMode="email"
      required
      maxLength={254}
      defaultValue={defaultValue}
      error={error}
    />
  );
}

/** The account holder's name, as it appears on orders. */
export function NameField({ defaultValue, error }: AccountFieldProps) {
  const { t } = useTranslation();
  return <Field label={t("auth.name")} name="name" autoComplete="name" required maxLength={100} defaultValue={defaultValue} error={error} />;
}

/** The password the account has now (to sign in, or to prove it is you). */
export function CurrentPasswordField({ label, name = "currentPassword", error }: { label?: string; name?: string; error?: string | undefined }) {
  const { t } = useTranslation();
  return <Field label={label ?? t("auth.currentPassword")} name={name} type="password" autoComplete="current-password" required error={error} />;
}

/** A password being chosen, held to the password policy and saying so. */
export function NewPasswordField({ label, name = "newPassword", error }: { label?: string; name?: string; error?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Field
      label={label ?? t("auth.newPassword")}
      name={name}
      type="password"
      autoComplete="new-password"
      required
      minLength={PASSWORD_MIN_LENGTH}
      maxLength={PASSWORD_MAX_LENGTH}
      hint={t("auth.passwordHint", { count: PASSWORD_MIN_LENGTH })}
      error={error}
    />
  );
}

/** The new password typed again. */
export function ConfirmPasswordField({ error }: { error?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Field
      label={t("auth.confirmPassword")}
      name="confirmPassword"
      type="password"
      autoComplete="new-password"
      required
      maxLength={PASSWORD_MAX_LENGTH}
      error={error}
    />
  );
}
