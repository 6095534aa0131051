/**
 * What can happen to an order, and what the shopper is told when it does. Pure: the order
 * lifecycle (workers/orders) decides which event happened inside D1 and then asks this module
 * for the words, so a message always describes the transition that really took place.
 */
import { formatMoney } from "./money";

export const ORDER_EVENT_KINDS = [
  "placed",
  "charge_succeeded",
  "charge_declined",
  "charge_abandoned",
  /** A charge that succeeded after its order had ended (cancelled, failed, retried): refunded. */
  "charge_late",
  /** A charge that succeeded but whose stock could not be sold any more: cancelled and refunded. */
  "charge_oversold",
  "payment_retried",
  "cancelled",
  "refund_requested",
  "refund_succeeded",
  "refund_failed",
  "fulfilment",
  "return_requested",
  "return_approved",
  "return_rejected",
  "return_received",
] as const;
export type OrderEventKind = (typeof ORDER_EVENT_KINDS)[number];

/** Card and gateway failure codes in words a shopper understands. */
const FAILURE_REASONS: Record<string, string> = {
  card_declined: "Your card was declined by its issuer.",
  insufficient_funds: "Your card was declined for insufficient funds.",
  expired_card: "Your card has expired.",
  incorrect_cvc: "The card's security code was incorrect.",
  processing_error: "The card network had a problem processing the payment.",
  invalid_token: "The card details could not be read.",
  payment_service_unavailable: "We couldn't reach the payment service, so nothing was charged.",
  cancelled: "The order was cancelled before the payment completed.",
};

export function failureReasonText(reason: string | null | undefined): string {
  if (!reason) return "The payment did not go through.";
  return FAILURE_REASONS[reason] ?? "Your card was declined.";
}

export interface OrderMessageContext {
  number: string;
  currency: string;
  /** Refund amount for refund events, or the amount a cancellation refunds. */
  amountCents?: number;
  /** Whether the order is cancelled (a refund of a cancelled order says so). */
  orderCancelled?: boolean;
  /** A cancellation of an unpaid order whose charge may already be on its way. */
  chargeAttempted?: boolean;
  failureReason?: string | null;
  carrier?: string | null;
  trackingNumber?: string | null;
  fulfilmentStatus?: "processing" | "shipped" | "delivered";
}

export type OrderEmailTemplate =
  | "order_placed"
  | "payment_succeeded"
  | "payment_failed"
  | "order_shipped"
  | "order_delivered"
  | "order_cancelled"
  | "order_refunded"
  | "return_requested"
  | "return_approved"
  | "return_rejected"
  | "return_received";

export interface OrderMessage {
  notification: { type: string; message: string } | null;
  email: OrderEmailTemplate | null;
}

const none: OrderMessage = { notification: null, email: null };

/** The notification and email an event sends, if any. */
export function orderEventMessage(kind: OrderEventKind, context: OrderMessageContext): OrderMessage {
  const { number } = context;
  const money = (cents: number) => formatMoney(cents, context.currency);
  switch (kind) {
    case "placed":
      return { notification: { type: "order_placed", message: `Order ${number} placed. We're confirming your payment.` }, email: "order_placed" };
    case "charge_succeeded":
      return { notification: { type: "payment_succeeded", message: `Order ${number} is confirmed: payment received.` }, email: "payment_succeeded" };
    case "charge_declined":
      return {
        notification: { type: "payment_failed", message: `Payment for order ${number} didn't go through. ${failureReasonText(context.failureReason)} You can try another card.` },
        email: "payment_failed",
      };
    case "charge_abandoned":
      return {
        notification: { type: "payment_failed", message: `We couldn't process the payment for order ${number}. Nothing was charged. You can try again.` },
        email: "payment_failed",
      };
    case "charge_oversold":
      return {
        notification: { type: "order_cancelled", message: `Order ${number} could not be fulfilled: the items sold out while your payment went through. It will be refunded in full.` },
        email: "order_cancelled",
      };
    case "charge_late":
      // The refund that follows tells the shopper; a "payment received" now would contradict it.
      return none;
    case "payment_retried":
      return { notification: { type: "payment_retried", message: `Trying your payment again for order ${number}.` }, email: null };
    case "cancelled": {
      const message = context.amountCents
        ? `Order ${number} was cancelled. ${money(context.amountCents)} will be refunded to your card.`
        : context.chargeAttempted
          ? `Order ${number} was cancelled. Your payment was already on its way; if it goes through, it will be refunded in full.`
          : `Order ${number} was cancelled. Nothing was charged.`;
      return { notification: { type: "order_cancelled", message }, email: "order_cancelled" };
    }
    case "refund_requested":
      return none;
    case "refund_succeeded": {
      const amount = money(context.amountCents ?? 0);
      const message = context.orderCancelled
        ? `Order ${number} was cancelled and refunded: ${amount} is on its way back to your card.`
        : `We refunded ${amount} for order ${number} to your card.`;
      return { notification: { type: "order_refunded", message }, email: "order_refunded" };
    }
    case "refund_failed":
      return none;
    case "return_requested":
      return { notification: { type: "return_requested", message: `We received your return request for order ${number}. We'll review it shortly.` }, email: "return_requested" };
    case "return_approved":
      return { notification: { type: "return_approved", message: `Your return for order ${number} was approved. Send the items back and we'll refund you once they arrive.` }, email: "return_approved" };
    case "return_rejected":
      return { notification: { type: "return_rejected", message: `Your return request for order ${number} was declined.` }, email: "return_rejected" };
    case "return_received":
      return {
        notification: { type: "return_received", message: `We received your returned items for order ${number}. ${money(context.amountCents ?? 0)} will be refunded to your card.` },
        email: "return_received",
      };
    case "fulfilment":
      switch (context.fulfilmentStatus) {
        case "shipped":
          return {
            notification: { type: "order_shipped", message: `Order ${number} shipped with ${context.carrier ?? "the carrier"} (tracking ${context.trackingNumber ?? "to follow"}).` },
            email: "order_shipped",
          };
        case "delivered":
          return { notification: { type: "order_delivered", message: `Order ${number} was delivered.` }, email: "order_delivered" };
        default:
          return { notification: { type: "order_processing", message: `Order ${number} is being prepared.` }, email: null };
      }
  }
}
