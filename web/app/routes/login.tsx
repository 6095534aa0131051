import { fixedT, languageFromPath, localizePath, requestLanguage, useLocalePath } from "~/lib/i18n";
import { useTranslation } from "react-i18next";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CurrentPasswordField, EmailField } from "~/components/account-fields";
import { FormAlert } from "~/components/form-alert";
import { NarrowPage } from "~/components/page-shell";
import { SubmitButton } from "~/components/submit-button";
import { logIn } from "~/lib/auth.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { loginForm, type LoginFields } from "~/lib/forms";
import { failureFromProblem, formValues, parseForm, readFormData } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";
import { getUser, safeRedirect } from "~/lib/session.server";

const FIELDS = ["email", "password", "redirectTo"] as const satisfies readonly LoginFields[];

export const meta: MetaFunction = ({ location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  return [{ title: pageTitle(t("auth.signIn")) }, { name: "description", content: t("auth.signInDescription") }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), localizePath("/", requestLanguage(request)));
  const { user, headers } = await getUser(request, context);
  if (user) throw redirect(redirectTo, { headers });
  // After a password reset (/reset-password redirects here): a fixed notice, never free text.
  const passwordReset = url.searchParams.get("reset") === "done";
  return data({ redirectTo, passwordReset }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const formData = await readFormData(request);
  const parsed = parseForm(loginForm, formData, FIELDS, requestLanguage(request));
  if (!parsed.ok) return data(parsed, { status: 400 });

  const { email, password, redirectTo } = parsed.data;
  const outcome = await logIn(request, context, { email, password });
  if (!outcome.ok) {
    return data(failureFromProblem(outcome.problem, FIELDS, formValues(formData), {}, requestLanguage(request)), { status: outcome.problem.status });
  }
  throw redirect(safeRedirect(redirectTo, localizePath("/", requestLanguage(request))), { headers: outcome.headers });
}

export default function Login() {
  const lp = useLocalePath();
  const { t } = useTranslation();
  const { redirectTo, passwordReset } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure?.fieldErrors;
  const registerHref = redirectTo === lp("/") ? lp("/register") : lp(`/register?${new URLSearchParams({ redirectTo })}`);

  return (
    <NarrowPage
      title={t("auth.signIn")}
      intro={
        <p>
          {t("auth.newHere")}{" "}
          <Link to={registerHref} className="font-medium text-brand-700 underline hover:text-brand-800">
            {t("home.createAccount")}
          </Link>
          {t("listing.sentenceEnd")}
        </p>
      }
    >
      <Form method="post" className="space-y-5">
        {passwordReset && !failure ? (
          <FormAlert tone="success">{t("auth.passwordChanged")}</FormAlert>
        ) : null}
        {redirectTo !== lp("/") && !failure ? <FormAlert tone="info">{t("auth.toContinue")}</FormAlert> : null}
        <FormAlert tone="error">{failure?.formError}</FormAlert>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <EmailField defaultValue={failure?.values.email} error={errors?.email} />
        <CurrentPasswordField label={t("auth.password")} name="password" error={errors?.password} />
        <p className="text-sm">
          <Link to={lp("/forgot-password")} className="font-medium text-brand-700 underline hover:text-brand-800">
            {t("auth.forgot")}
          </Link>
        </p>
        <SubmitButton pendingLabel={t("auth.signingIn")}>{t("auth.signIn")}</SubmitButton>
      </Form>
    </NarrowPage>
  );
}
