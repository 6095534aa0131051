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
import { EmailField, NameField, NewPasswordField } from "~/components/account-fields";
import { FormAlert } from "~/components/form-alert";
import { NarrowPage } from "~/components/page-shell";
import { SubmitButton } from "~/components/submit-button";
import { registerAccount } from "~/lib/auth.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { registerForm, type RegisterFields } from "~/lib/forms";
import { failureFromProblem, formValues, parseForm, readFormData } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";
import { getUser, safeRedirect } from "~/lib/session.server";

const FIELDS = ["name", "email", "password", "redirectTo"] as const satisfies readonly RegisterFields[];

export const meta: MetaFunction = ({ location }) => [
  { title: pageTitle(fixedT(languageFromPath(location.pathname))("home.createAccount")) },
  { name: "description", content: fixedT(languageFromPath(location.pathname))("auth.registerDescription") },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), localizePath("/", requestLanguage(request)));
  const { user, headers } = await getUser(request, context);
  if (user) throw redirect(redirectTo, { headers });
  return data({ redirectTo }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const formData = await readFormData(request);
  const parsed = parseForm(registerForm, formData, FIELDS, requestLanguage(request));
  if (!parsed.ok) return data(parsed, { status: 400 });

  const { name, email, password, redirectTo } = parsed.data;
  const outcome = await registerAccount(request, context, { name, email, password });
  if (!outcome.ok) {
    return data(failureFromProblem(outcome.problem, FIELDS, formValues(formData), {}, requestLanguage(request)), { status: outcome.problem.status });
  }
  throw redirect(safeRedirect(redirectTo, localizePath("/", requestLanguage(request))), { headers: outcome.headers });
}

export default function Register() {
  const lp = useLocalePath();
  const { t } = useTranslation();
  const { redirectTo } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure?.fieldErrors;
  const loginHref = redirectTo === lp("/") ? lp("/login") : lp(`/login?${new URLSearchParams({ redirectTo })}`);

  return (
    <NarrowPage
      title={t("home.createAccount")}
      intro={
        <p>
          {t("auth.haveOne")}{" "}
          <Link to={loginHref} className="font-medium text-brand-700 underline hover:text-brand-800">
            {t("auth.signIn")}
          </Link>
          {t("listing.sentenceEnd")}
        </p>
      }
    >
      <Form method="post" className="space-y-5">
        <FormAlert tone="error">{failure?.formError}</FormAlert>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <NameField defaultValue={failure?.values.name} error={errors?.name} />
        <EmailField defaultValue={failure?.values.email} error={errors?.email} />
        <NewPasswordField label={t("auth.password")} name="password" error={errors?.password} />
        <SubmitButton pendingLabel={t("auth.creating")}>{t("auth.create")}</SubmitButton>
      </Form>
    </NarrowPage>
  );
}
