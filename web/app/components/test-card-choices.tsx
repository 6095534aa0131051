import { useTranslation } from "react-i18next";
import { TEST_CARD_TOKENS } from "~/lib/orders";

/** The test cards a shopper picks from (the local gateway and Stripe's test mode honour them). */
export function TestCardChoices({ selected }: { selected: string }) {
  const { t } = useTranslation();
  return (
    <div className="space-y-2">
      {TEST_CARD_TOKENS.map((card) => (
        <label
          key={card.token}
          className="flex cursor-pointer items-start gap-3 rounded-md border border-stone-300 bg-white px-4 py-3 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
        >
          <input type="radio" name="payment.token" value={card.token} defaultChecked={selected === card.token} required className="mt-1 size-4 accent-brand-700" />
          <span>
            <span className="block font-medium text-stone-900">{t(`testCard.${card.key}`)}</span>
            <span className="block text-sm text-stone-600">{t(`testCard.${card.key}Outcome`)}</span>
          </span>
        </label>
      ))}
    </div>
  );
}
