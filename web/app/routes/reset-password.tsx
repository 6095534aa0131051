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
import { ConfirmPasswordField, NewPasswordField } from "~/components/account-fields";
import { FormAlert } from "~/components/form-alert";
import { NarrowPage } from "~/components/page-shell";
import { SubmitButton } from "~/components/submit-button";
import { PRIVATE_NO_STORE } from "~/lib/cache.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { useFocusOnFailure } from "~/lib/focus";
import { failureFromProblem, formValues, parseForm, readFormData, type FormFailure } from "~/lib/forms.server";
import { checkResetLink, resetPassword, resetPasswordForm, type ResetPasswordFields } from "~/lib/password-reset.server";
import { seoMeta } from "~/lib/seo";

const FIELDS = ["token", "newPassword", "confirmPassword"] as const satisfies readonly ResetPasswordFields[];

export const headers: HeadersFunction = () => ({ "Cache-Control": PRIVATE_NO_STORE });

export const meta: MetaFunction = ({ location }) => [
  ...seoMeta({
    title: fixedT(languageFromPath(location.pathname))("recovery.resetTitle"),
    description: fixedT(languageFromPath(location.pathname))("recovery.resetDescription"),
    noindex: true,
  }),
  // The address holds the reset token: never send it on in a Referer.
  { name: "referrer", content: "no-referrer" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const raw = new URL(request.url).searchParams.get("token") ?? "";
  const token = raw.length > 0 && raw.length <= 512 ? raw : null;
  // The link is checked as soon as it is opened, not after a new password has been typed twice.
  const link = token ? await checkResetLink(context, token) : null;
  return data({ token, linkInvalid: link === "invalid" }, { status: link === "invalid" ? 400 : 200 });
}

type ResetFailure = FormFailure<(typeof FIELDS)[number]> & { invalidToken?: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const formData = await readFormData(request);
  const parsed = parseForm(resetPasswordForm, formData, FIELDS, requestLanguage(request));
  if (!parsed.ok) {
    const invalidToken = Boolean(parsed.fieldErrors.token);
    return data<ResetFailure>({ ...parsed, invalidToken }, { status: 400 });
  }

  const outcome = await resetPassword(context, { token: parsed.data.token, newPassword: parsed.data.newPassword });
  if (outcome.ok) throw redirect(localizePath("/login?reset=done", requestLanguage(request)), 303);

  const { problem } = outcome;
  if (problem.status === 400 && problem.code === "invalid_token") {
    return data<ResetFailure>(
      { ok: false, fieldErrors: {}, formError: problem.detail, values: {}, invalidToken: true },
      { status: 400 },
    );
  }
  // Field problems (a password the API refuses) go next to the field; a 429 says how long to wait.
  return data<ResetFailure>(failureFromProblem(problem, FIELDS, formValues(formData), {}, requestLanguage(request)), {
    status: problem.status >= 500 ? 503 : problem.status,
  });
}

export default function ResetPassword() {
  const lp = useLocalePath();
  const { t } = useTranslation();
  const { token: linkToken, linkInvalid } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  // The form posts back to this address, token included; a hand-made post may carry it only in the body.
  const token = linkToken ?? failure?.values.token ?? null;
  const errors = failure?.fieldErrors;
  const alertRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnFailure(failure, { form: formRef, alert: alertRef, formLevel: Boolean(failure?.formError || failure?.invalidToken) });

  // A link that was dead when opened (or had died by the time the form came back).
  if (linkInvalid && !failure?.invalidToken) {
    return (
      <NarrowPage title={t("recovery.linkExpiredTitle")}>
        <div className="space-y-5">
          <FormAlert tone="error">{t("recovery.invalidLink")}</FormAlert>
          <p className="text-stone-700">{t("recovery.linkExpiredBody")}</p>
          <Link
            to={lp("/forgot-password")}
            className="inline-block rounded-md bg-brand-700 px-5 py-2.5 font-semibold text-white hover:bg-brand-800"
          >
            {t("recovery.askNewLink")}
          </Link>
        </div>
      </NarrowPage>
    );
  }

  if (failure?.invalidToken) {
    return (
      <NarrowPage title={t("recovery.resetTitle")}>
        <div ref={alertRef} tabIndex={-1} className="outline-none">
          <FormAlert tone="error">
            {failure.formError ?? failure.fieldErrors.token ?? t("recovery.invalidLink")}{" "}
            <Link to={lp("/forgot-password")} className="font-semibold underline">
              {t("recovery.askNewLink")}
            </Link>
            {t("listing.sentenceEnd")}
          </FormAlert>
        </div>
      </NarrowPage>
    );
  }

  if (!token) {
    return (
      <NarrowPage title={t("recovery.resetTitle")}>
        <FormAlert tone="error">
          {t("recovery.incomplete")}{" "}
          <Link to={lp("/forgot-password")} className="font-semibold underline">
            {t("recovery.askNewOne")}
          </Link>
          {t("listing.sentenceEnd")}
        </FormAlert>
      </NarrowPage>
    );
  }

  return (
    <NarrowPage title={t("recovery.resetTitle")} intro={<p>{t("recovery.resetIntro")}</p>}>
      <div ref={alertRef} tabIndex={-1} className="mb-5 outline-none empty:hidden">
        <FormAlert tone="error">{failure?.formError}</FormAlert>
      </div>
      <Form ref={formRef} method="post" className="space-y-5">
        <input type="hidden" name="token" value={token} />
        <NewPasswordField error={errors?.newPassword} />
        <ConfirmPasswordField error={errors?.confirmPassword} />
        <SubmitButton pendingLabel={t("account.saving")}>{t("recovery.save")}</SubmitButton>
      </Form>
    </NarrowPage>
  );
}
