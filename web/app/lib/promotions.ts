import type { z } from "zod";
import { formatMoney } from "../../../workers/domain/money";
import type { promotionSchema } from "../../../workers/domain/schemas/promotions";

/** What the promotion gives, in words. */
export function describePromotion(promotion: Pick<z.infer<typeof promotionSchema>, "kind" | "value" | "minSubtotalCents" | "buyQuantity" | "getQuantity">): string {
  switch (promotion.kind) {
    case "percent":
      return `${promotion.value ?? 0}% off`;
    case "fixed":
      return `${formatMoney(promotion.value ?? 0)} off`;
    case "free_shipping":
      return "Free shipping";
    case "buy_x_get_y":
      return `Buy ${promotion.buyQuantity ?? 0}, get ${promotion.getQuantity ?? 0} ${promotion.value && promotion.value < 100 ? `${promotion.value}% off` : "free"}`;
    case "spend_get":
      return `${formatMoney(promotion.value ?? 0)} off every ${formatMoney(promotion.minSubtotalCents ?? 0)}`;
  }
}
