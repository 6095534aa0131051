import { fixedT, languageFromPath, localizePath, requestLanguage, useLocalePath } from "~/lib/i18n";
import { useTranslation } from "react-i18next";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { EmailField } from "~/components/account-fields";
import { FormAlert } from "~/components/form-alert";
import { NarrowPage } from "~/components/page-shell";
import { SubmitButton } from "~/components/submit-button";
import { PRIVATE_NO_STORE } from "~/lib/cache.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { failureFromProblem, formValues, parseForm, readFormData } from "~/lib/forms.server";
import { useFocusOnFailure } from "~/lib/focus";
import { forgotPasswordForm, requestPasswordReset, type ForgotPasswordFields } from "~/lib/password-reset.server";
import { seoMeta } from "~/lib/seo";

const FIELDS = ["email"] as const satisfies readonly ForgotPasswordFields[];

export const headers: HeadersFunction = () => ({ "Cache-Control": PRIVATE_NO_STORE });

export const meta: MetaFunction = ({ location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  return seoMeta({ title: t("auth.forgot"), description: t("recovery.forgotDescription"), noindex: true });
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return data({ sent: url.searchParams.get("sent") === "1", expired: url.searchParams.get("expired") === "1" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const formData = await readFormData(request);
  const parsed = parseForm(forgotPasswordForm, formData, FIELDS, requestLanguage(request));
  if (!parsed.ok) return data(parsed, { status: 400 });

  const outcome = await requestPasswordReset(context, parsed.data.email);
  if (!outcome.ok) {
    return data(failureFromProblem(outcome.problem, FIELDS, formValues(formData), {}, requestLanguage(request)), {
      status: outcome.problem.status >= 500 ? 503 : outcome.problem.status,
    });
  }
  // Post/redirect/get: reloading the confirmation does not send another email.
  throw redirect(localizePath("/forgot-password?sent=1", requestLanguage(request)), 303);
}

export default function ForgotPassword() {
  const lp = useLocalePath();
  const { t } = useTranslation();
  const { sent, expired } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure?.fieldErrors;
  const alertRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnFailure(failure, { form: formRef, alert: alertRef, formLevel: Boolean(failure?.formError) });

  return (
    <NarrowPage
      title={t("auth.forgot")}
      intro={<p>{t("recovery.forgotIntro")}</p>}
    >
      <div ref={alertRef} tabIndex={-1} className="mb-5 space-y-3 outline-none empty:hidden">
        {/* The same words whether or not an account exists, so the page reveals nothing about who has one. */}
        {sent && !failure ? <FormAlert tone="success">{t("recovery.sent")}</FormAlert> : null}
        {expired && !sent && !failure ? (
          <FormAlert tone="info">{t("recovery.expired")}</FormAlert>
        ) : null}
        <FormAlert tone="error">{failure?.formError}</FormAlert>
      </div>
      <Form ref={formRef} method="post" className="space-y-5">
        <EmailField defaultValue={failure?.values.email} error={errors?.email} />
        <SubmitButton pendingLabel={t("recovery.sending")}>{sent ? t("recovery.sendAnother") : t("recovery.send")}</SubmitButton>
      </Form>
      <p className="mt-8 text-sm text-stone-600">
        {t("recovery.remembered")}{" "}
        <Link to={lp("/login")} className="font-medium text-brand-700 underline hover:text-brand-800">
          {t("auth.signIn")}
        </Link>
      </p>
    </NarrowPage>
  );
}
