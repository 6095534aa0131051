import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { orderSchema } from "../../../workers/domain/schemas/orders";
import type { returnSchema } from "../../../workers/domain/schemas/returns";
import { formatMoney } from "../../../workers/domain/money";
import { RETURN_REASONS } from "../../../workers/domain/returns";
import { FormAlert } from "~/components/form-alert";
import { INTL_LOCALES, useLanguage } from "~/lib/i18n";

type Order = Pick<z.infer<typeof orderSchema>, "items" | "currency">;
type Return = z.infer<typeof returnSchema>;

/** A delivered order's returns, and the form to ask for one (works without JavaScript). */
export function ReturnsSection({ order, returns, error }: { order: Order; returns: Return[]; error: string | undefined }) {
  const { t } = useTranslation();
  const locale = INTL_LOCALES[useLanguage()];
  const returning = new Map<string, number>();
  for (const entry of returns.filter((candidate) => candidate.status !== "rejected")) {
    for (const line of entry.lines) returning.set(line.sku, (returning.get(line.sku) ?? 0) + line.quantity);
  }
  const returnable = order.items.map((item) => ({ ...item, left: item.quantity - (returning.get(item.sku) ?? 0) })).filter((item) => item.left > 0);

  return (
    <section aria-labelledby="returns-heading" className="mt-8 rounded-lg border border-stone-200 p-5 sm:p-6">
      <h2 id="returns-heading" className="text-lg font-semibold">
        {t("returns.title")}
      </h2>
      {returns.length ? (
        <ul className="mt-3 space-y-2 text-sm">
          {returns.map((entry) => (
            <li key={entry.id} className="rounded-md bg-stone-50 px-3 py-2">
              <p className="font-medium" data-return-status={entry.status}>
                {t(`returns.status.${entry.status}`)}
                {entry.refundCents ? ` · ${formatMoney(entry.refundCents, entry.currency, locale)}` : ""}
              </p>
              <p className="text-stone-600">{entry.lines.map((line) => `${line.quantity} × ${line.name}`).join(", ")}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {returnable.length ? (
        <details className="mt-3" open={Boolean(error) || undefined}>
          <summary className="cursor-pointer font-medium text-brand-700">{t("returns.open")}</summary>
          {error ? (
            <div className="mt-3">
              <FormAlert tone="error">{error}</FormAlert>
            </div>
          ) : null}
          <Form method="post" className="mt-3 space-y-4">
            <input type="hidden" name="intent" value="return" />
            {returnable.map((item) => (
              <fieldset key={item.sku} className="grid grid-cols-1 gap-2 rounded-md border border-stone-200 p-3 sm:grid-cols-[1fr_auto_auto] sm:items-end">
                <legend className="sr-only">{item.name}</legend>
                <p className="min-w-0 text-sm font-medium break-words">{item.name}</p>
                <label className="text-sm">
                  <span className="block text-xs text-stone-600">{t("returns.howMany")}</span>
                  <select name={`qty.${item.sku}`} defaultValue="0" className="mt-1 rounded-md border border-stone-300 bg-white px-2 py-1.5">
                    {Array.from({ length: item.left + 1 }, (_, count) => (
                      <option key={count} value={count}>
                        {count}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="text-sm">
                  <span className="block text-xs text-stone-600">{t("returns.why")}</span>
                  <select name={`reason.${item.sku}`} defaultValue="changed_mind" className="mt-1 rounded-md border border-stone-300 bg-white px-2 py-1.5">
                    {RETURN_REASONS.map((reason) => (
                      <option key={reason} value={reason}>
                        {/* The site's words for each reason code; the API and admin keep RETURN_REASON_LABELS. */}
                        {t(`returns.reason.${reason}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </fieldset>
            ))}
            <label className="block text-sm">
              <span className="block text-xs text-stone-600">{t("returns.note")}</span>
              <textarea name="note" maxLength={1000} rows={2} className="mt-1 block w-full rounded-md border border-stone-300 px-2 py-1.5" />
            </label>
            <button type="submit" className="rounded-md bg-brand-700 px-5 py-2.5 font-semibold text-white hover:bg-brand-800">
              {t("returns.submit")}
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
