import { fixedT, INTL_LOCALES, languageFromPath, localizePath, requestLanguage, useLanguage, useLocalePath } from "~/lib/i18n";
import { useTranslation } from "react-i18next";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { ConfirmPasswordField, CurrentPasswordField, NameField, NewPasswordField } from "~/components/account-fields";
import { Field } from "~/components/field";
import { FormAlert } from "~/components/form-alert";
import { LocalTime } from "~/components/local-time";
import { Panel } from "~/components/page-shell";
import { SubmitButton } from "~/components/submit-button";
import { changePassword, updateProfile } from "~/lib/auth.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { changePasswordForm, profileForm, type ChangePasswordFields, type ProfileFields } from "~/lib/forms";
import { failureFromProblem, formValues, parseForm, readFormData, type FormFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";
import { requireUser } from "~/lib/session.server";
import { requestTimeZone } from "~/lib/time-zone";

const PROFILE_FIELDS = ["name", "phone"] as const satisfies readonly ProfileFields[];
const PASSWORD_FIELDS = ["currentPassword", "newPassword", "confirmPassword"] as const satisfies readonly ChangePasswordFields[];

/** Success notices, chosen by a fixed key in the URL after a redirect (never free text). */
const NOTICES = {
  profile: "account.notice.profile",
  password: "account.notice.password",
} as const;

export const meta: MetaFunction = ({ location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  return [
    { title: pageTitle(t("account.title")) },
    { name: "description", content: t("account.description") },
    { name: "robots", content: "noindex" },
  ];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, headers } = await requireUser(request, context);
  const updated = new URL(request.url).searchParams.get("updated");
  const notice = updated === "profile" || updated === "password" ? fixedT(requestLanguage(request))(NOTICES[updated]) : null;
  return data(
    { user: { name: user.name, email: user.email, phone: user.phone, createdAt: user.createdAt }, notice, timeZone: requestTimeZone(request) },
    { headers },
  );
}

type AccountFailure =
  | (FormFailure<(typeof PROFILE_FIELDS)[number]> & { form: "profile" })
  | (FormFailure<(typeof PASSWORD_FIELDS)[number]> & { form: "password" });

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const { user, headers } = await requireUser(request, context);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const signInAgain = (outcomeHeaders: Headers) =>
    redirect(localizePath(`/login?${new URLSearchParams({ redirectTo: localizePath("/account", requestLanguage(request)) })}`, requestLanguage(request)), { headers: outcomeHeaders });

  if (intent === "profile") {
    const parsed = parseForm(profileForm, formData, PROFILE_FIELDS, requestLanguage(request));
    if (!parsed.ok) return data<AccountFailure>({ ...parsed, form: "profile" }, { status: 400, headers });
    const outcome = await updateProfile(request, context, parsed.data);
    if (!outcome.ok) {
      if (outcome.problem.status === 401) throw signInAgain(outcome.headers);
      const failure = failureFromProblem(outcome.problem, PROFILE_FIELDS, formValues(formData), {}, requestLanguage(request));
      return data<AccountFailure>({ ...failure, form: "profile" }, { status: outcome.problem.status, headers: outcome.headers });
    }
    throw redirect(localizePath("/account?updated=profile", requestLanguage(request)), { headers: outcome.headers });
  }

  if (intent === "password") {
    const parsed = parseForm(changePasswordForm, formData, PASSWORD_FIELDS, requestLanguage(request));
    if (!parsed.ok) return data<AccountFailure>({ ...parsed, form: "password" }, { status: 400, headers });
    const { currentPassword, newPassword } = parsed.data;
    const outcome = await changePassword(request, context, user, { currentPassword, newPassword });
    if (!outcome.ok) {
      if (outcome.problem.status === 401) throw signInAgain(outcome.headers);
      const failure = failureFromProblem(outcome.problem, PASSWORD_FIELDS, formValues(formData), {}, requestLanguage(request));
      return data<AccountFailure>({ ...failure, form: "password" }, { status: outcome.problem.status, headers: outcome.headers });
    }
    throw redirect(localizePath("/account?updated=password", requestLanguage(request)), { headers: outcome.headers });
  }

  throw data({ message: fixedT(requestLanguage(request))("product.unknownForm") }, { status: 400 });
}

/** The placeholder the member-since sentence is split at, so the date can be a <LocalTime>. */
const DATE_SLOT = "\u2063date\u2063";

export default function Account() {
  const lp = useLocalePath();
  const { t } = useTranslation();
  const lang = useLanguage();
  const { user, notice, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // A successful save redirects (new location key): remount the forms so typed passwords go.
  const location = useLocation();
  const profile = result?.form === "profile" ? result : undefined;
  const password = result?.form === "password" ? result : undefined;
  // The sentence's word order is the language's; the date in it is the shopper's time zone's.
  const [sinceBefore, sinceAfter = ""] = t("account.memberSince", { date: DATE_SLOT }).split(DATE_SLOT);

  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-10 sm:px-6 sm:py-14">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{t("account.title")}</h1>
      <p className="mt-2 break-words text-stone-600">
        {t("account.signedInAs")} <span className="font-medium text-stone-900">{user.email}</span>
        {user.createdAt ? (
          <>
            {" · "}
            {sinceBefore}
            <LocalTime iso={user.createdAt} locale={INTL_LOCALES[lang]} timeZone={timeZone} dateOnly />
            {sinceAfter}
          </>
        ) : null}
      </p>

      {notice && !result ? (
        <div className="mt-6">
          <FormAlert tone="success">{notice}</FormAlert>
        </div>
      ) : null}

      {/* Orders and notifications join this page with their issues. */}
      <div className="mt-8 space-y-8">
        <Panel id="addresses-heading" title={t("account.addresses")} description={t("account.addressesBody")}>
          <Link to={lp("/account/addresses")} className="font-medium text-brand-700 underline hover:text-brand-800">
            {t("account.manageAddresses")}
          </Link>
        </Panel>

        <Panel id="profile-heading" title={t("account.profile")} description={t("account.profileBody")}>
          <Form method="post" key={`profile-${location.key}`} className="space-y-5">
            <input type="hidden" name="intent" value="profile" />
            <FormAlert tone="error">{profile?.formError}</FormAlert>
            <NameField defaultValue={profile?.values.name ?? user.name} error={profile?.fieldErrors.name} />
            <Field
              label={t("account.phone")}
              name="phone"
              type="tel"
              autoComplete="tel"
              inputMode="tel"
              maxLength={20}
              defaultValue={profile?.values.phone ?? user.phone ?? ""}
              hint={t("account.phoneHint")}
              error={profile?.fieldErrors.phone}
            />
            <SubmitButton pendingLabel={t("account.saving")} intent="profile">
              {t("account.saveProfile")}
            </SubmitButton>
          </Form>
        </Panel>

        <Panel
          id="password-heading"
          title={t("account.changePassword")}
          description={t("account.changePasswordBody")}
        >
          <Form method="post" key={`password-${location.key}`} className="space-y-5">
            <input type="hidden" name="intent" value="password" />
            {/* Lets password managers attach the new password to the right account. */}
            <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
            <FormAlert tone="error">{password?.formError}</FormAlert>
            <CurrentPasswordField error={password?.fieldErrors.currentPassword} />
            <NewPasswordField error={password?.fieldErrors.newPassword} />
            <ConfirmPasswordField error={password?.fieldErrors.confirmPassword} />
            <SubmitButton pendingLabel={t("account.changingPassword")} intent="password">
              {t("account.changePassword")}
            </SubmitButton>
          </Form>
        </Panel>
      </div>
    </div>
  );
}
