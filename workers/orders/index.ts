/**
 * The order lifecycle's one home. Routes and queue consumers call these functions and nothing
 * else changes an order's status, payments, refunds or the stock it holds.
 * docs/decisions/010-order-lifecycle.md gives the argument for why no interleaving of them
 * can lose money or stock.
 */
export { applyEventEffects, finishPendingEffects, type LifecycleDeps } from "./effects";
export { placeOrder, type CheckoutResult } from "./place";
export { applyGatewayEvent, chargeAttempt, chargeKey, GatewayUnavailableError, reconcileAbandonedCharge, recordChargeOutcome, retryPayment } from "./payments";
export { processRefund, refundableOf, requestRefund } from "./refunds";
export { advanceFulfilment, cancelOrder } from "./lifecycle";
export { approveReturn, receiveReturn, rejectReturn, requestReturn, returnsOf, type ReturnView } from "./returns";
