import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { canCancel, type OrderStatus } from "../../../workers/domain/order-status";
import type { PaymentStatus } from "../../../workers/domain/statuses";

export type { PaymentStatus };

/** An order status in the shopper's words (resources: `orderStatus.<status>`). */
export function orderStatusLabel(status: OrderStatus, t: TFunction): string {
  return t(`orderStatus.${status}`);
}

/** A history entry's label: the first entry is the order being placed. */
export function historyLabel(status: OrderStatus, t: TFunction): string {
  return status === "pending" ? t("orderStatus.placed") : orderStatusLabel(status, t);
}

export function paymentStatusLabel(status: PaymentStatus, t: TFunction): string {
  return t(`paymentStatus.${status}`);
}

/** Whether the shopper may still cancel: the domain's rule (the API has the last word). */
export function isCancellable(status: OrderStatus): boolean {
  return canCancel(status, "owner");
}

const BADGE_STYLES: Record<OrderStatus, string> = {
  pending: "bg-amber-50 text-amber-900 ring-amber-200",
  paid: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  processing: "bg-sky-50 text-sky-900 ring-sky-200",
  shipped: "bg-indigo-50 text-indigo-900 ring-indigo-200",
  delivered: "bg-brand-50 text-brand-900 ring-brand-100",
  payment_failed: "bg-red-50 text-red-800 ring-red-200",
  cancelled: "bg-stone-100 text-stone-700 ring-stone-300",
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${BADGE_STYLES[status]}`}>
      {orderStatusLabel(status, t)}
    </span>
  );
}

/** The steps of an order's way, each labelled by `orderStep.<status>`. */
const STEPS = [
  { status: "pending" },
  { status: "paid" },
  { status: "processing" },
  { status: "shipped" },
  { status: "delivered" },
] as const satisfies readonly { status: OrderStatus }[];

/**
 * Where the order is on its way: placed → paid → preparing → shipped → delivered. An order
 * that stopped (payment failed, cancelled) shows the steps it reached and then where it ended.
 */
export function OrderStepper({ status, reached }: { status: OrderStatus; reached: readonly OrderStatus[] }) {
  const { t } = useTranslation();
  const stopped = status === "payment_failed" || status === "cancelled";
  const currentIndex = STEPS.findIndex((step) => step.status === status);
  // For a stopped order: the furthest step its history reached.
  const lastReached = stopped ? Math.max(0, ...STEPS.map((step, index) => (reached.includes(step.status) ? index : -1))) : currentIndex;
  const steps = stopped ? STEPS.slice(0, lastReached + 1) : STEPS;

  return (
    <ol className="flex gap-1 text-xs sm:text-sm" aria-label={t("orderStep.label")}>
      {steps.map((step, index) => {
        const done = index <= lastReached;
        const current = !stopped && index === currentIndex;
        return (
          <li key={step.status} className="flex min-w-0 flex-1 basis-0 flex-col items-center gap-1.5 text-center" aria-current={current ? "step" : undefined}>
            <span
              aria-hidden="true"
              className={`flex size-8 items-center justify-center rounded-full border-2 text-xs font-bold ${
                done ? "border-brand-700 bg-brand-700 text-white" : "border-stone-300 bg-white text-stone-500"
              } ${current ? "ring-2 ring-brand-600 ring-offset-2" : ""}`}
            >
              {done ? "✓" : index + 1}
            </span>
            <span className={current ? "font-semibold text-stone-900" : done ? "text-stone-800" : "text-stone-500"}>
              {t(`orderStep.${step.status}`)}
              <span className="sr-only"> {current ? t("orderStep.current") : done ? t("orderStep.done") : t("orderStep.notYet")}</span>
            </span>
          </li>
        );
      })}
      {stopped ? (
        <li className="flex min-w-0 flex-1 basis-0 flex-col items-center gap-1.5 text-center" aria-current="step">
          <span aria-hidden="true" className="flex size-8 items-center justify-center rounded-full border-2 border-red-700 bg-red-700 text-xs font-bold text-white">
            ✕
          </span>
          <span className="font-semibold text-red-800">{orderStatusLabel(status, t)}</span>
        </li>
      ) : null}
    </ol>
  );
}

