import { useId } from "react";
import { formatMoney } from "../../../../workers/domain/money";
import { formatDay } from "./format";

export interface RevenueDay {
  date: string;
  revenueCents: number;
  orders: number;
}

const WIDTH = 720;
const HEIGHT = 240;
const PLOT = { left: 64, right: 8, top: 12, bottom: 28 };

/** A round axis maximum above `max` (1, 2 or 5 times a power of ten), in cents. */
export function niceCeiling(max: number): number {
  if (max <= 0) return 10_000;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= max) return step * magnitude;
  }
  return 10 * magnitude;
}

/**
 * Revenue per day as a server-rendered SVG bar chart. It is one image to assistive
 * technology (a title and a summary description), and the same figures follow as a table
 * that anyone can open.
 */
export function RevenueChart({ days, currency }: { days: readonly RevenueDay[]; currency: string }) {
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const total = days.reduce((sum, day) => sum + day.revenueCents, 0);
  const best = days.reduce<RevenueDay | null>((top, day) => (top === null || day.revenueCents > top.revenueCents ? day : top), null);
  const ceiling = niceCeiling(Math.max(0, ...days.map((day) => day.revenueCents)));
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = days.length ? plotWidth / days.length : plotWidth;
  const barWidth = Math.max(2, slot * 0.7);
  const y = (cents: number) => PLOT.top + plotHeight - (Math.max(0, cents) / ceiling) * plotHeight;
  const first = days[0]?.date;
  const last = days.at(-1)?.date;
  const description =
    days.length === 0
      ? "No revenue figures."
      : total === 0
        ? `No revenue between ${formatDay(first!)} and ${formatDay(last!)}.`
        : `${formatMoney(total, currency)} in total between ${formatDay(first!)} and ${formatDay(last!)}; the best day was ${formatDay(best!.date)} with ${formatMoney(best!.revenueCents, currency)}.`;

  return (
    <figure className="rounded-lg border border-stone-200 p-4">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        className="h-auto w-full"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={titleId}>{`Revenue in ${currency} per day, last ${days.length} days (UTC)`}</title>
        <desc id={descId}>{description}</desc>
        {[0, 0.5, 1].map((fraction) => {
          const value = Math.round(ceiling * fraction);
          return (
            <g key={fraction}>
              <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(value)} y2={y(value)} stroke="#e7e5e4" strokeWidth="1" />
              <text x={PLOT.left - 6} y={y(value) + 4} textAnchor="end" fontSize="11" fill="#57534e">
                {formatMoney(value, currency).replace(/\.00$/, "")}
              </text>
            </g>
          );
        })}
        {days.map((day, index) => {
          const x = PLOT.left + index * slot + (slot - barWidth) / 2;
          const top = y(day.revenueCents);
          const height = PLOT.top + plotHeight - top;
          return (
            <g key={day.date}>
              <rect x={x} y={top} width={barWidth} height={Math.max(height, day.revenueCents > 0 ? 1 : 0)} rx="1.5" fill="oklch(0.45 0.11 170)">
                <title>{`${formatDay(day.date)}: ${formatMoney(day.revenueCents, currency)} from ${day.orders} order${day.orders === 1 ? "" : "s"}`}</title>
              </rect>
              {index % 5 === 0 || index === days.length - 1 ? (
                <text x={x + barWidth / 2} y={HEIGHT - 8} textAnchor="middle" fontSize="11" fill="#57534e">
                  {formatDay(day.date)}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={PLOT.top + plotHeight} y2={PLOT.top + plotHeight} stroke="#a8a29e" strokeWidth="1" />
      </svg>
      <figcaption className="mt-2 text-sm text-stone-600">{description}</figcaption>
      <details className="mt-3">
        <summary className="cursor-pointer text-sm font-medium text-brand-700">Show the figures as a table</summary>
        <div className="mt-2 max-h-80 overflow-y-auto">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">{`Revenue in ${currency} and paid orders per day (UTC)`}</caption>
            <thead>
              <tr>
                <th scope="col" className="py-1 pr-4 font-semibold">
                  Day
                </th>
                <th scope="col" className="py-1 pr-4 text-right font-semibold">
                  Revenue
                </th>
                <th scope="col" className="py-1 text-right font-semibold">
                  Orders
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.date} className="border-t border-stone-100">
                  <th scope="row" className="py-1 pr-4 font-normal">
                    <time dateTime={day.date}>{formatDay(day.date)}</time>
                  </th>
                  <td className="py-1 pr-4 text-right tabular-nums">{formatMoney(day.revenueCents, currency)}</td>
                  <td className="py-1 text-right tabular-nums">{day.orders}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
