import { fixedT, languageFromPath, localizePath, requestLanguage, useLocalePath } from "~/lib/i18n";
import { useTranslation } from "react-i18next";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { PostalAddress } from "~/components/postal-address";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import type { SavedAddress } from "../../../workers/domain/schemas/addresses";
import { MAX_SAVED_ADDRESSES } from "../../../workers/domain/schemas/addresses";
import { ConfirmAction } from "~/components/admin/ui";
import { Field } from "~/components/field";
import { FormAlert } from "~/components/form-alert";
import { SubmitButton } from "~/components/submit-button";
import { ADDRESS_FORM_FIELDS, addressForm, type AddressFormField } from "~/lib/address-form";
import { deleteAddress, listAddresses, makeDefault, saveAddress } from "~/lib/addresses.server";
import { PRIVATE_NO_STORE } from "~/lib/cache.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { failureFromProblem, formValues, parseForm, readFormData, type FormFailure } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";
import { COUNTRY_OPTIONS, countryName, requireSignedInOutcome } from "~/lib/orders.server";
import { requireUser } from "~/lib/session.server";

const PATH = "/account/addresses";

/** Success notices, chosen by a fixed key in the URL after a redirect (never free text). */
const NOTICES = {
  added: "addresses.notice.added",
  saved: "addresses.notice.saved",
  deleted: "addresses.notice.deleted",
  shipping: "addresses.notice.shipping",
  billing: "addresses.notice.billing",
} as const;

export const headers = () => ({ "Cache-Control": PRIVATE_NO_STORE });

export const meta: MetaFunction = ({ location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  return [
    { title: pageTitle(t("addresses.title")) },
    { name: "description", content: t("addresses.description") },
    { name: "robots", content: "noindex" },
  ];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { headers } = await requireUser(request, context);
  const t = fixedT(requestLanguage(request));
  const listed = await listAddresses(request, context);
  if (!listed.ok) {
    requireSignedInOutcome(request, listed, PATH);
    throw data({ message: t("addresses.loadFailed") }, { status: 503, headers: listed.headers });
  }
  const url = new URL(request.url);
  const updated = url.searchParams.get("updated");
  const notice = updated !== null && Object.hasOwn(NOTICES, updated) ? t(NOTICES[updated as keyof typeof NOTICES]) : null;
  const editId = url.searchParams.get("edit");
  const editing = editId ? (listed.value.find((address) => address.id === editId) ?? null) : null;
  return data(
    {
      addresses: listed.value.map((address) => ({ ...address, countryName: countryName(address.country) })),
      editing,
      notice,
      countries: COUNTRY_OPTIONS,
      full: listed.value.length >= MAX_SAVED_ADDRESSES,
    },
    { headers: new Headers([...headers, ...listed.headers]) },
  );
}

type AddressFailure = FormFailure<AddressFormField> & { intent: string; target?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const { headers } = await requireUser(request, context);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const id = String(formData.get("id") ?? "") || undefined;
  const t = fixedT(requestLanguage(request));
  const failed = (failure: FormFailure<AddressFormField>, status: number, outcomeHeaders: Headers) =>
    data<AddressFailure>({ ...failure, intent, ...(id ? { target: id } : {}) }, { status, headers: outcomeHeaders });

  if (intent === "save") {
    const parsed = parseForm(addressForm, formData, ADDRESS_FORM_FIELDS, requestLanguage(request));
    if (!parsed.ok) return failed(parsed, 400, headers);
    const outcome = await saveAddress(request, context, id, parsed.data);
    if (!outcome.ok) {
      requireSignedInOutcome(request, outcome, PATH);
      return failed(failureFromProblem(outcome.problem, ADDRESS_FORM_FIELDS, formValues(formData), {}, requestLanguage(request)), outcome.problem.status, outcome.headers);
    }
    throw redirect(localizePath(`${PATH}?updated=${id ? "saved" : "added"}`, requestLanguage(request)), { headers: outcome.headers });
  }

  if ((intent === "default-shipping" || intent === "default-billing" || intent === "delete") && id) {
    // Deleting asks first (the ConfirmAction's "Yes" button posts confirm=delete).
    if (intent === "delete" && formData.get("confirm") !== "delete") {
      return failed({ ok: false, fieldErrors: {}, formError: t("addresses.confirmFirst"), values: {} }, 400, headers);
    }
    const outcome =
      intent === "delete"
        ? await deleteAddress(request, context, id)
        : await makeDefault(request, context, id, intent === "default-shipping" ? "shipping" : "billing");
    if (!outcome.ok) {
      requireSignedInOutcome(request, outcome, PATH);
      return failed(failureFromProblem(outcome.problem, [], {}, {}, requestLanguage(request)), outcome.problem.status, outcome.headers);
    }
    const notice = intent === "delete" ? "deleted" : intent === "default-shipping" ? "shipping" : "billing";
    throw redirect(localizePath(`${PATH}?updated=${notice}`, requestLanguage(request)), { headers: outcome.headers });
  }

  throw data({ message: t("product.unknownForm") }, { status: 400 });
}

function AddressLines({ address }: { address: SavedAddress & { countryName: string } }) {
  return (
    <PostalAddress
      address={address}
      country={address.countryName}
      name={<span className="font-medium">{address.name}</span>}
      extra={address.phone}
      className="text-stone-800"
    />
  );
}

const smallButton = "rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-50";

function AddressCard({ address }: { address: SavedAddress & { countryName: string } }) {
  const lp = useLocalePath();
  const { t } = useTranslation();
  const result = useActionData<typeof action>();
  const failure = result && result.target === address.id && result.intent !== "save" ? result : undefined;
  return (
    <li className="rounded-lg border border-stone-200 p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <AddressLines address={address} />
        <div className="flex flex-wrap gap-1">
          {address.isDefaultShipping ? <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200">{t("addresses.defaultShipping")}</span> : null}
          {address.isDefaultBilling ? <span className="rounded-full bg-sky-50 px-2 py-0.5 text-xs font-medium text-sky-900 ring-1 ring-sky-200">{t("addresses.defaultBilling")}</span> : null}
        </div>
      </div>
      {failure?.formError ? (
        <div className="mt-3">
          <FormAlert tone="error">{failure.formError}</FormAlert>
        </div>
      ) : null}
      <div className="mt-3 flex flex-wrap items-start gap-2">
        <Link to={lp(`${PATH}?edit=${encodeURIComponent(address.id)}#address-form`)} className={smallButton}>
          {t("addresses.edit")}
          <span className="sr-only"> {t("addresses.theAddress", { line: address.line1 })}</span>
        </Link>
        {!address.isDefaultShipping ? (
          <Form method="post">
            <input type="hidden" name="id" value={address.id} />
            <button type="submit" name="intent" value="default-shipping" className={smallButton}>
              {t("addresses.makeDefaultShipping")}
              <span className="sr-only"> ({address.line1})</span>
            </button>
          </Form>
        ) : null}
        {!address.isDefaultBilling ? (
          <Form method="post">
            <input type="hidden" name="id" value={address.id} />
            <button type="submit" name="intent" value="default-billing" className={smallButton}>
              {t("addresses.makeDefaultBilling")}
              <span className="sr-only"> ({address.line1})</span>
            </button>
          </Form>
        ) : null}
        <ConfirmAction
          intent="delete"
          target={address.id}
          hidden={{ id: address.id }}
          label={
            <>
              {t("addresses.delete")}
              <span className="sr-only"> {t("addresses.theAddress", { line: address.line1 })}</span>
            </>
          }
          question={t("addresses.deleteQuestion")}
          confirmLabel={t("addresses.deleteConfirm")}
          pendingLabel={t("addresses.deleting")}
        />
      </div>
    </li>
  );
}

export default function AccountAddresses() {
  const lp = useLocalePath();
  const { t } = useTranslation();
  const { addresses, editing, notice, countries, full } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  const form = result?.intent === "save" ? result : undefined;
  // A refusal about an address no longer on the list (deleted elsewhere, or never ours) shows at the top.
  const orphan = result && result.intent !== "save" && !addresses.some((address) => address.id === result.target) ? result : undefined;
  const errors: Partial<Record<AddressFormField, string>> = form?.fieldErrors ?? {};
  const value = (field: Exclude<AddressFormField, "isDefaultShipping" | "isDefaultBilling">) => form?.values[field] ?? (editing ? (editing[field] ?? "") : "");
  const ticked = (field: "isDefaultShipping" | "isDefaultBilling") => (form ? form.values[field] !== undefined : editing ? editing[field] : addresses.length === 0);

  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-10 sm:px-6 sm:py-14">
      <p className="text-sm">
        <Link to={lp("/account")} className="font-medium text-brand-700 underline hover:text-brand-800">
          {t("account.title")}
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight sm:text-3xl">{t("addresses.title")}</h1>
      <p className="mt-2 text-stone-600">{t("addresses.intro")}</p>

      {orphan?.formError ? (
        <div className="mt-6">
          <FormAlert tone="error">{orphan.formError}</FormAlert>
        </div>
      ) : null}

      {notice && !result ? (
        <div className="mt-6">
          <FormAlert tone="success">{notice}</FormAlert>
        </div>
      ) : null}

      <section aria-labelledby="saved-heading" className="mt-8">
        <h2 id="saved-heading" className="text-lg font-semibold">
          {t("addresses.saved")}
        </h2>
        {addresses.length === 0 ? (
          <p className="mt-3 rounded-lg border border-dashed border-stone-300 px-4 py-6 text-center text-sm text-stone-600">{t("addresses.none")}</p>
        ) : (
          <ul className="mt-3 space-y-3">
            {addresses.map((address) => (
              <AddressCard key={address.id} address={address} />
            ))}
          </ul>
        )}
      </section>

      <section id="address-form" aria-labelledby="form-heading" className="mt-10 rounded-lg border border-stone-200 p-5 sm:p-6">
        <h2 id="form-heading" className="text-lg font-semibold">
          {editing ? t("addresses.editHeading") : t("addresses.addHeading")}
        </h2>
        {full && !editing ? (
          <p className="mt-3 text-sm text-stone-600">{t("addresses.full", { count: MAX_SAVED_ADDRESSES })}</p>
        ) : (
          <Form method="post" key={`${editing?.id ?? "new"}-${location.key}`} className="mt-5 space-y-4" noValidate={false}>
            <input type="hidden" name="intent" value="save" />
            {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
            <FormAlert tone="error">{form?.formError}</FormAlert>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <Field className="sm:col-span-2" label={t("address.name")} name="name" autoComplete="name" required maxLength={100} defaultValue={value("name")} error={errors.name} />
              <Field className="sm:col-span-2" label={t("address.line1")} name="line1" autoComplete="address-line1" required maxLength={200} defaultValue={value("line1")} error={errors.line1} />
              <Field className="sm:col-span-2" label={t("address.line2")} name="line2" autoComplete="address-line2" maxLength={200} defaultValue={value("line2")} error={errors.line2} />
              <Field label={t("address.city")} name="city" autoComplete="address-level2" required maxLength={100} defaultValue={value("city")} error={errors.city} />
              <Field label={t("address.region")} name="region" autoComplete="address-level1" maxLength={100} defaultValue={value("region")} error={errors.region} />
              <Field label={t("address.postalCode")} name="postalCode" autoComplete="postal-code" required maxLength={12} defaultValue={value("postalCode")} error={errors.postalCode} />
              <CountryField label={t("address.country")} countries={countries} defaultValue={value("country") || "US"} error={errors.country} />
              <Field label={t("account.phone")} name="phone" type="tel" autoComplete="tel" inputMode="tel" maxLength={20} defaultValue={value("phone")} hint={t("addresses.phoneHint")} error={errors.phone} />
            </div>
            <div className="space-y-2">
              <Tick name="isDefaultShipping" label={t("addresses.useDefaultShipping")} defaultChecked={ticked("isDefaultShipping")} />
              <Tick name="isDefaultBilling" label={t("addresses.useDefaultBilling")} defaultChecked={ticked("isDefaultBilling")} />
            </div>
            <div className="flex flex-wrap items-center gap-3">
              <SubmitButton pendingLabel={t("account.saving")} intent="save">
                {editing ? t("addresses.saveChanges") : t("addresses.save")}
              </SubmitButton>
              {editing ? (
                <Link to={lp(PATH)} className="text-sm font-medium text-brand-700 underline">
                  {t("addresses.cancelEditing")}
                </Link>
              ) : null}
            </div>
          </Form>
        )}
      </section>
    </div>
  );
}

function CountryField({ label, countries, defaultValue, error }: { label: string; countries: readonly { code: string; name: string }[]; defaultValue: string; error: string | undefined }) {
  return (
    <div>
      <label htmlFor="address-country" className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      <select
        id="address-country"
        name="country"
        autoComplete="country"
        required
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "address-country-error" : undefined}
        className={`mt-1 block w-full rounded-md border bg-white px-3 py-2 text-base text-stone-900 shadow-xs ${error ? "border-red-600" : "border-stone-300"}`}
      >
        {countries.map((country) => (
          <option key={country.code} value={country.code}>
            {country.name}
          </option>
        ))}
      </select>
      {error ? (
        <p id="address-country-error" className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A ticked box posts "on"; the value is written out so React never renders value="" (see the admin Checkbox). */
function Tick({ name, label, defaultChecked }: { name: string; label: string; defaultChecked: boolean }) {
  return (
    <div className="flex items-start gap-2">
      <input id={`address-${name}`} type="checkbox" name={name} value="on" defaultChecked={defaultChecked} className="mt-0.5 size-4 rounded border-stone-300 accent-brand-700" />
      <label htmlFor={`address-${name}`} className="text-sm font-medium text-stone-800">
        {label}
      </label>
    </div>
  );
}
