import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalePath } from "~/lib/i18n";

/** Signing out is a POST (a link could be followed by a prefetch or a crawler); styled by where it sits. */
export function SignOutButton({ className }: { className: string }) {
  const { t } = useTranslation();
  const lp = useLocalePath();
  return (
    <Form method="post" action={lp("/logout")}>
      <button type="submit" className={className}>
        {t("header.signOut")}
      </button>
    </Form>
  );
}
