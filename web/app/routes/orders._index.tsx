import { fixedT, INTL_LOCALES, languageFromPath, useLanguage, useLocalePath } from "~/lib/i18n";
import { useTranslation } from "react-i18next";
import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { OrderStatusBadge } from "~/components/order-status";
import { LocalTime } from "~/components/local-time";
import { requestTimeZone } from "~/lib/time-zone";
import { Pagination } from "~/components/pagination";
import { PRIVATE_NO_STORE } from "~/lib/cache.server";
import { formatMoney } from "../../../workers/domain/money";
import { ORDERS_PER_PAGE } from "~/lib/orders";
import { listMyOrders } from "~/lib/orders.server";
import { seoMeta } from "~/lib/seo";
import { requireUser } from "~/lib/session.server";

export const headers: HeadersFunction = () => ({ "Cache-Control": PRIVATE_NO_STORE });

export const meta: MetaFunction = ({ location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  return seoMeta({ title: t("orders.title"), description: t("orders.description"), noindex: true });
};

function pageParam(value: string | null): number {
  if (!value || !/^\d{1,5}$/.test(value)) return 1;
  return Math.min(Math.max(Number(value), 1), 10_000);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const page = pageParam(new URL(request.url).searchParams.get("page"));
  const { orders, headers } = await listMyOrders(request, context, user.id, page);
  return data(
    {
      orders: orders.items.map(({ id, number, status, totalCents, currency, itemCount, createdAt }) => ({
        id,
        number,
        status,
        totalCents,
        currency,
        itemCount,
        createdAt,
      })),
      page,
      total: orders.total,
      pageCount: Math.max(1, Math.ceil(orders.total / ORDERS_PER_PAGE)),
      timeZone: requestTimeZone(request),
    },
    { headers },
  );
}

export default function Orders() {
  const lp = useLocalePath();
  const { t } = useTranslation();
  const lang = useLanguage();
  const { orders, page, total, pageCount, timeZone } = useLoaderData<typeof loader>();

  return (
    <div className="mx-auto max-w-4xl px-4 py-8 sm:px-6 sm:py-10">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{t("orders.title")}</h1>
      {total > 0 ? <p className="mt-1 text-stone-600">{t("orders.total", { count: total })}</p> : null}

      {orders.length === 0 ? (
        <div className="mt-8 rounded-lg border border-dashed border-stone-300 px-6 py-12 text-center">
          <h2 className="text-lg font-semibold">{page > 1 ? t("orders.emptyPageTitle") : t("orders.emptyTitle")}</h2>
          <p className="mt-2 text-stone-600">{page > 1 ? t("orders.emptyPageBody") : t("orders.emptyBody")}</p>
          <Link
            to={lp(page > 1 ? "/orders" : "/products")}
            className="mt-6 inline-block rounded-md bg-brand-700 px-5 py-2.5 font-semibold text-white hover:bg-brand-800"
          >
            {page > 1 ? t("orders.firstPage") : t("orders.startShopping")}
          </Link>
        </div>
      ) : (
        <>
          <ul className="mt-6 divide-y divide-stone-200 border-y border-stone-200" aria-label={t("nav.orders")}>
            {orders.map((order) => (
              <li key={order.id}>
                <Link
                  to={lp(`/orders/${encodeURIComponent(order.id)}`)}
                  className="grid grid-cols-[1fr_auto] items-center gap-x-4 gap-y-1 px-1 py-4 hover:bg-stone-50 sm:grid-cols-[10rem_1fr_auto_auto]"
                >
                  <span className="font-semibold text-brand-800 underline-offset-4 group-hover:underline">
                    <span className="sr-only">{t("orders.orderPrefix")} </span>
                    {order.number}
                  </span>
                  <span className="justify-self-end sm:order-3">
                    <OrderStatusBadge status={order.status} />
                  </span>
                  <span className="text-sm text-stone-600 sm:order-2">
                    <LocalTime iso={order.createdAt} locale={INTL_LOCALES[lang]} timeZone={timeZone} dateOnly /> · {t("cart.itemCount", { count: order.itemCount })}
                  </span>
                  <span className="justify-self-end text-sm font-semibold sm:order-4 sm:min-w-20 sm:text-right">
                    <span className="sr-only">{t("checkout.total")} </span>
                    {formatMoney(order.totalCents, order.currency, INTL_LOCALES[lang])}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <Pagination page={page} pageCount={pageCount} href={(n) => lp(n === 1 ? "/orders" : `/orders?page=${n}`)} label={t("orders.pages")} />
        </>
      )}
    </div>
  );
}
