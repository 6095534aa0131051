import { localizePath, requestLanguage, useLocalePath } from "~/lib/i18n";
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
import { Panel } from "~/components/page-shell";
import { SubmitButton } from "~/components/submit-button";
import { changePassword, updateProfile } from "~/lib/auth.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { changePasswordForm, profileForm, type ChangePasswordFields, type ProfileFields } from "~/lib/forms";
import { failureFromProblem, formValues, parseForm, readFormData, type FormFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";
import { requireUser } from "~/lib/session.server";

const PROFILE_FIELDS = ["name", "phone"] as const satisfies readonly ProfileFields[];
const PASSWORD_FIELDS = ["currentPassword", "newPassword", "confirmPassword"] as const satisfies readonly ChangePasswordFields[];

/** Success notices, chosen by a fixed key in the URL after a redirect (never free text). */
const NOTICES = {
  profile: "Your profile has been saved.",
  password: "Your password has been changed. Any other devices signed in to your account have been signed out.",
} as const;

export const meta: MetaFunction = () => [
  { title: pageTitle("Your account") },
  { name: "description", content: "Manage your Edgeware profile and password." },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, headers } = await requireUser(request, context);
  const updated = new URL(request.url).searchParams.get("updated");
  const notice = updated === "profile" || updated === "password" ? NOTICES[updated] : null;
  return data(
    { user: { name: user.name, email: user.email, phone: user.phone, createdAt: user.createdAt }, notice },
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
    const parsed = parseForm(profileForm, formData, PROFILE_FIELDS);
    if (!parsed.ok) return data<AccountFailure>({ ...parsed, form: "profile" }, { status: 400, headers });
    const outcome = await updateProfile(request, context, parsed.data);
    if (!outcome.ok) {
      if (outcome.problem.status === 401) throw signInAgain(outcome.headers);
      const failure = failureFromProblem(outcome.problem, PROFILE_FIELDS, formValues(formData));
      return data<AccountFailure>({ ...failure, form: "profile" }, { status: outcome.problem.status, headers: outcome.headers });
    }
    throw redirect(localizePath("/account?updated=profile", requestLanguage(request)), { headers: outcome.headers });
  }

  if (intent === "password") {
    const parsed = parseForm(changePasswordForm, formData, PASSWORD_FIELDS);
    if (!parsed.ok) return data<AccountFailure>({ ...parsed, form: "password" }, { status: 400, headers });
    const { currentPassword, newPassword } = parsed.data;
    const outcome = await changePassword(request, context, user, { currentPassword, newPassword });
    if (!outcome.ok) {
      if (outcome.problem.status === 401) throw signInAgain(outcome.headers);
      const failure = failureFromProblem(outcome.problem, PASSWORD_FIELDS, formValues(formData));
      return data<AccountFailure>({ ...failure, form: "password" }, { status: outcome.problem.status, headers: outcome.headers });
    }
    throw redirect(localizePath("/account?updated=password", requestLanguage(request)), { headers: outcome.headers });
  }

  throw data({ message: "Unknown form." }, { status: 400 });
}

function memberSince(iso: string): string | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

export default function Account() {
  const lp = useLocalePath();
  const { user, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // A successful save redirects (new location key): remount the forms so typed passwords go.
  const location = useLocation();
  const profile = result?.form === "profile" ? result : undefined;
  const password = result?.form === "password" ? result : undefined;
  const since = memberSince(user.createdAt);

  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-10 sm:px-6 sm:py-14">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Your account</h1>
      <p className="mt-2 text-stone-600">
        Signed in as <span className="font-medium text-stone-900">{user.email}</span>
        {since ? <> · member since {since}</> : null}
      </p>

      {notice && !result ? (
        <div className="mt-6">
          <FormAlert tone="success">{notice}</FormAlert>
        </div>
      ) : null}

      {/* Orders and notifications join this page with their issues. */}
      <div className="mt-8 space-y-8">
        <Panel id="addresses-heading" title="Addresses" description="Your saved shipping and billing addresses fill in checkout for you.">
          <Link to={lp("/account/addresses")} className="font-medium text-brand-700 underline hover:text-brand-800">
            Manage your addresses
          </Link>
        </Panel>

        <Panel id="profile-heading" title="Profile" description="Your name appears on orders and receipts.">
          <Form method="post" key={`profile-${location.key}`} className="space-y-5">
            <input type="hidden" name="intent" value="profile" />
            <FormAlert tone="error">{profile?.formError}</FormAlert>
            <NameField defaultValue={profile?.values.name ?? user.name} error={profile?.fieldErrors.name} />
            <Field
              label="Phone (optional)"
              name="phone"
              type="tel"
              autoComplete="tel"
              inputMode="tel"
              maxLength={20}
              defaultValue={profile?.values.phone ?? user.phone ?? ""}
              hint="Only used about your deliveries. Leave it empty to remove it."
              error={profile?.fieldErrors.phone}
            />
            <SubmitButton pendingLabel="Saving…" intent="profile">
              Save profile
            </SubmitButton>
          </Form>
        </Panel>

        <Panel
          id="password-heading"
          title="Change password"
          description="Changing your password signs you out on every other device."
        >
          <Form method="post" key={`password-${location.key}`} className="space-y-5">
            <input type="hidden" name="intent" value="password" />
            {/* Lets password managers attach the new password to the right account. */}
            <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
            <FormAlert tone="error">{password?.formError}</FormAlert>
            <CurrentPasswordField error={password?.fieldErrors.currentPassword} />
            <NewPasswordField error={password?.fieldErrors.newPassword} />
            <ConfirmPasswordField error={password?.fieldErrors.confirmPassword} />
            <SubmitButton pendingLabel="Changing password…" intent="password">
              Change password
            </SubmitButton>
          </Form>
        </Panel>
      </div>
    </div>
  );
}
