/**
 * How the admin shows a market's numbers, and how they are pre-filled in its forms: the
 * exchange rate (millionths) as a decimal, tax rates (basis points) as percent, the rounding
 * rule in words. The reverse, from typed text, is web/app/lib/market-forms.server.ts.
 */
import { RATE_SCALE, type RoundingRule } from "../../../workers/domain/markets";
import type { Language } from "../../../workers/domain/languages";

/** 920000 → "0.92"; 150000000 → "150". */
export function rateToDecimal(micros: number): string {
  const whole = Math.floor(micros / RATE_SCALE);
  const fraction = String(micros % RATE_SCALE)
    .padStart(6, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** 1900 → "19"; 810 → "8.1"; 2550 → "25.5". */
export function bpsToPercent(bps: number): string {
  const whole = Math.floor(bps / 100);
  const fraction = String(bps % 100)
    .padStart(2, "0")
    .replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** { DE: 1900, AT: 2000 } → "DE 19, AT 20", the way the form takes it. */
export function taxRatesToInput(rates: Record<string, number>): string {
  return Object.entries(rates)
    .map(([country, bps]) => `${country} ${bpsToPercent(bps)}`)
    .join(", ");
}

export const ROUNDING_LABELS: Record<RoundingRule, string> = {
  exact: "Exact: converted to the smallest unit",
  whole: "Whole units: rounded to the nearest whole amount",
  ninety_nine: "Ending in .99: the nearest whole amount, less one cent",
  tens: "Tens: rounded to the nearest ten units",
};

export const LANGUAGE_LABELS: Record<Language, string> = {
  en: "English",
  de: "German",
  fr: "French",
  ja: "Japanese",
};
