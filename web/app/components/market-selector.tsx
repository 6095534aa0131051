import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalePath } from "~/lib/i18n";

/** What the header needs of a market to offer it. */
export interface MarketChoice {
  id: string;
  name: string;
  currency: string;
}

/**
 * Country and currency, as a plain form: it posts to /market, which sets the cookie and
 * sends the shopper back to this page (so it works without JavaScript).
 */
export function MarketSelector({ markets, current }: { markets: readonly MarketChoice[]; current: string | null }) {
  const { t } = useTranslation();
  const lp = useLocalePath();
  const location = useLocation();
  return (
    <Form method="post" action={lp("/market")} className="flex items-center gap-2 text-sm" reloadDocument>
      <input type="hidden" name="returnTo" value={`${location.pathname}${location.search}`} />
      <label htmlFor="market-select" className="sr-only">
        {t("header.market")}
      </label>
      <select
        id="market-select"
        name="market"
        defaultValue={current ?? ""}
        className="rounded-md border border-stone-300 bg-white px-2 py-1.5 text-sm text-stone-800"
      >
        {current ? null : <option value="">{t("header.market")}</option>}
        {markets.map((market) => (
          <option key={market.id} value={market.id}>
            {market.name} ({market.currency})
          </option>
        ))}
      </select>
      <button type="submit" className="rounded-md border border-stone-300 px-2 py-1.5 font-medium text-stone-700 hover:bg-stone-100">
        {t("header.marketApply")}
      </button>
    </Form>
  );
}
