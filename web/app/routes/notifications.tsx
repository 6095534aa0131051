import { fixedT, INTL_LOCALES, languageFromPath, localizePath, requestLanguage, useLanguage, useLocalePath } from "~/lib/i18n";
import { LocalTime } from "~/components/local-time";
import { requestTimeZone } from "~/lib/time-zone";
import { useTranslation } from "react-i18next";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/cloudflare";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { FormAlert } from "~/components/form-alert";
import { PRIVATE_NO_STORE } from "~/lib/cache.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  requireSignedInOutcome,
} from "~/lib/orders.server";
import { NOTIFICATIONS_SHOWN } from "~/lib/orders";
import { seoMeta } from "~/lib/seo";
import { requireUser } from "~/lib/session.server";

export const headers: HeadersFunction = () => ({ "Cache-Control": PRIVATE_NO_STORE });

export const meta: MetaFunction = ({ location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  return seoMeta({ title: t("notifications.title"), description: t("notifications.description"), noindex: true });
};

/** Success notices, chosen by a fixed key in the URL after a redirect (never free text). */
const NOTICES = {
  read: "notifications.notice.read",
  "all-read": "notifications.notice.allRead",
} as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  const { notifications, headers } = await listNotifications(request, context);
  const done = new URL(request.url).searchParams.get("done");
  const t = fixedT(requestLanguage(request));
  const notice = done === "read" || done === "all-read" ? t(NOTICES[done]) : null;
  return data({ ...notifications, notice, timeZone: requestTimeZone(request) }, { headers });
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireUser(request, context);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const t = fixedT(requestLanguage(request));

  let outcome;
  let done: keyof typeof NOTICES;
  if (intent === "read") {
    const id = formData.get("id");
    if (typeof id !== "string" || !ID_PATTERN.test(id)) {
      return data({ error: t("notifications.notFound") }, { status: 400 });
    }
    outcome = await markNotificationRead(request, context, id);
    done = "read";
  } else if (intent === "read-all") {
    outcome = await markAllNotificationsRead(request, context);
    done = "all-read";
  } else {
    throw data({ message: t("product.unknownForm") }, { status: 400 });
  }

  // Already gone: the list shows the truth.
  if (outcome.ok || outcome.problem.status === 404) {
    throw redirect(localizePath(`/notifications?done=${done}`, requestLanguage(request)), { status: 303, headers: outcome.headers });
  }
  requireSignedInOutcome(request, outcome);
  const error = outcome.problem.status === 429 ? t("order.tooManyRequests") : t("cart.serverError");
  return data({ error }, { status: outcome.problem.status >= 500 ? 503 : outcome.problem.status, headers: outcome.headers });
}

export default function Notifications() {
  const lp = useLocalePath();
  const { t } = useTranslation();
  const lang = useLanguage();
  const { items, unreadCount, notice, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyId = navigation.state === "submitting" ? navigation.formData?.get("id") : null;
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result?.error) errorRef.current?.focus();
  }, [result]);

  return (
    <div className="mx-auto max-w-3xl px-4 py-8 sm:px-6 sm:py-10">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{t("notifications.title")}</h1>
          <p className="mt-1 text-stone-600" aria-live="polite">
            {unreadCount === 0 ? t("notifications.caughtUp") : t("notifications.unread", { count: unreadCount })}
          </p>
        </div>
        {unreadCount > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <button
              type="submit"
              className="rounded-md border border-stone-300 bg-white px-4 py-2 text-sm font-medium text-stone-800 hover:bg-stone-50"
            >
              {t("notifications.markAllRead")}
            </button>
          </Form>
        ) : null}
      </div>

      <div ref={errorRef} tabIndex={-1} className="mt-4 space-y-3 outline-none empty:hidden">
        {notice && !result ? <FormAlert tone="success">{notice}</FormAlert> : null}
        <FormAlert tone="error">{result?.error}</FormAlert>
      </div>

      {items.length === 0 ? (
        <div className="mt-8 rounded-lg border border-dashed border-stone-300 px-6 py-12 text-center">
          <h2 className="text-lg font-semibold">{t("notifications.emptyTitle")}</h2>
          <p className="mt-2 text-stone-600">{t("notifications.emptyBody")}</p>
        </div>
      ) : (
        <ul className="mt-6 divide-y divide-stone-200 border-y border-stone-200" aria-label={t("notifications.listLabel")}>
          {items.map((item) => (
            <li
              key={item.id}
              className={`flex flex-col gap-3 py-4 sm:flex-row sm:items-start sm:justify-between ${item.read ? "" : "bg-brand-50/60 -mx-2 px-2 sm:-mx-3 sm:px-3"}`}
              aria-busy={busyId === item.id || undefined}
            >
              <div className="min-w-0">
                <p className={`text-stone-900 ${item.read ? "" : "font-semibold"}`}>
                  {item.read ? null : (
                    <>
                      <span aria-hidden="true" className="mr-2 inline-block size-2 rounded-full bg-brand-700 align-middle" />
                      <span className="sr-only">{t("notifications.unreadPrefix")} </span>
                    </>
                  )}
                  {item.message}
                </p>
                <p className="mt-1 text-sm text-stone-600">
                  <LocalTime iso={item.createdAt} locale={INTL_LOCALES[lang]} timeZone={timeZone} />
                  {item.orderId ? (
                    <>
                      {" · "}
                      <Link to={lp(`/orders/${encodeURIComponent(item.orderId)}`)} className="font-medium text-brand-700 underline hover:text-brand-800">
                        {t("notifications.viewOrder")}
                      </Link>
                    </>
                  ) : null}
                </p>
              </div>
              {item.read ? null : (
                <Form method="post" preventScrollReset className="shrink-0">
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={item.id} />
                  <button
                    type="submit"
                    className="rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm font-medium text-stone-800 hover:bg-stone-50"
                  >
                    {t("notifications.markRead")}<span className="sr-only">: {item.message}</span>
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      {items.length >= NOTIFICATIONS_SHOWN ? (
        <p className="mt-4 text-sm text-stone-600">{t("notifications.showingRecent", { count: NOTIFICATIONS_SHOWN })}</p>
      ) : null}
    </div>
  );
}
