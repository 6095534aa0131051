import { fixedT, languageFromPath, localizePath, requestLanguage, useLocalePath } from "~/lib/i18n";
import { Trans, useTranslation } from "react-i18next";
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { z } from "zod";
import { EmailField } from "~/components/account-fields";
import { Field } from "~/components/field";
import { FormAlert } from "~/components/form-alert";
import { NarrowPage } from "~/components/page-shell";
import { SubmitButton } from "~/components/submit-button";
import { PRIVATE_NO_STORE } from "~/lib/cache.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { failureFromProblem, formValues, parseForm, readFormData } from "~/lib/forms.server";
import { useFocusOnFailure } from "~/lib/focus";
import { lookUpOrder } from "~/lib/orders.server";
import { seoMeta } from "~/lib/seo";
import { orderLookupBody } from "../../../workers/domain/schemas/orders";

/** The API's own rules for the pair, with the site's words for empty boxes. */
const lookupForm = z.object({
  email: z.string().trim().min(1, "validation.email").pipe(orderLookupBody.shape.email),
  number: z.string().trim().min(1, "validation.orderNumber").pipe(orderLookupBody.shape.number),
});
const FIELDS = ["email", "number"] as const;

export const headers: HeadersFunction = () => ({ "Cache-Control": PRIVATE_NO_STORE });

export const meta: MetaFunction = ({ location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  return seoMeta({ title: t("lookup.title"), description: t("lookup.description"), noindex: true });
};

export async function loader({ request }: LoaderFunctionArgs) {
  return data({ sent: new URL(request.url).searchParams.get("sent") === "1" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const formData = await readFormData(request);
  const parsed = parseForm(lookupForm, formData, FIELDS, requestLanguage(request));
  if (!parsed.ok) return data(parsed, { status: 400 });
  const outcome = await lookUpOrder(context, parsed.data);
  if (!outcome.ok) {
    return data(failureFromProblem(outcome.problem, FIELDS, formValues(formData), {}, requestLanguage(request)), { status: outcome.problem.status >= 500 ? 503 : outcome.problem.status });
  }
  // Post/redirect/get: reloading the confirmation sends nothing again.
  throw redirect(localizePath("/orders/lookup?sent=1", requestLanguage(request)), 303);
}

export default function OrderLookup() {
  const lp = useLocalePath();
  const { t } = useTranslation();
  const { sent } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure?.fieldErrors;
  const alertRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnFailure(failure, { form: formRef, alert: alertRef, formLevel: Boolean(failure?.formError) });

  return (
    <NarrowPage
      title={t("lookup.title")}
      intro={<p>{t("lookup.intro")}</p>}
    >
      <div ref={alertRef} tabIndex={-1} className="mb-5 space-y-3 outline-none empty:hidden">
        {/* The same words whatever the answer, so the page says nothing about which orders exist. */}
        {sent && !failure ? <FormAlert tone="success">{t("lookup.sent")}</FormAlert> : null}
        <FormAlert tone="error">{failure?.formError}</FormAlert>
      </div>
      <Form ref={formRef} method="post" className="space-y-5">
        <EmailField defaultValue={failure?.values.email} error={errors?.email} />
        <Field label={t("lookup.number")} name="number" autoComplete="off" required maxLength={20} defaultValue={failure?.values.number} error={errors?.number} />
        <SubmitButton pendingLabel={t("recovery.sending")}>{t("lookup.send")}</SubmitButton>
      </Form>
      <p className="mt-8 text-sm text-stone-600">
        <Trans
          t={t}
          i18nKey="lookup.signIn"
          components={{
            link: <Link to={lp(`/login?${new URLSearchParams({ redirectTo: lp("/orders") })}`)} className="font-medium text-brand-700 underline hover:text-brand-800" />,
          }}
        />
      </p>
    </NarrowPage>
  );
}
