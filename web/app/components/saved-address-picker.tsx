import { useLocalePath } from "~/lib/i18n";
import { useTranslation } from "react-i18next";
/** A saved address as checkout offers it (web/app/lib/addresses.server.ts). */
export interface AddressChoice {
  id: string;
  summary: string;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
}

/**
 * The shopper's other saved addresses above an address form. Each is a plain link that loads
 * checkout again with that address filled in, so it works without JavaScript; it reloads the
 * whole document so the form's fields start again from the chosen address.
 */
export function SavedAddressPicker({
  kind,
  choices,
  selectedId,
  otherParam,
}: {
  kind: "shipping" | "billing";
  choices: readonly AddressChoice[];
  selectedId: string | null;
  /** The other form's choice, kept in the links (`billTo` from the shipping picker and back). */
  otherParam: { name: "shipTo" | "billTo"; value: string | null };
}) {
  const lp = useLocalePath();
  const { t } = useTranslation();
  if (choices.length === 0) return null;
  const param = kind === "shipping" ? "shipTo" : "billTo";
  const href = (id: string) => {
    const query = new URLSearchParams({ [param]: id });
    if (otherParam.value) query.set(otherParam.name, otherParam.value);
    return lp(`/checkout?${query}`);
  };
  return (
    <details className="rounded-md border border-stone-200 bg-stone-50 px-4 py-3" open={!selectedId || undefined}>
      <summary className="cursor-pointer text-sm font-medium text-stone-800">
        {kind === "shipping" ? t("savedAddress.shipTo") : t("savedAddress.billTo")}
      </summary>
      <ul className="mt-2 space-y-2 text-sm">
        {choices.map((choice) => (
          <li key={choice.id} className="flex flex-wrap items-baseline justify-between gap-2">
            <span className="text-stone-700">
              {choice.summary}
              {(kind === "shipping" && choice.isDefaultShipping) || (kind === "billing" && choice.isDefaultBilling) ? ` ${t("savedAddress.default")}` : ""}
            </span>
            {choice.id === selectedId ? (
              <span className="font-medium text-emerald-800">{t("savedAddress.selected")}</span>
            ) : (
              // A document load, not a client navigation: the uncontrolled fields must start again.
              <a href={href(choice.id)} className="font-medium text-brand-700 underline hover:text-brand-800">
                {t("savedAddress.use")}
                <span className="sr-only"> {t(kind === "shipping" ? "savedAddress.forShipping" : "savedAddress.forBilling", { summary: choice.summary })}</span>
              </a>
            )}
          </li>
        ))}
      </ul>
      <p className="mt-2 text-xs text-stone-600">
        <a href={lp("/account/addresses")} className="underline">
          {t("account.manageAddresses")}
        </a>
      </p>
    </details>
  );
}
