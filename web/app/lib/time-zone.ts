/**
 * The viewer's time zone for dates and times on the page. Without JavaScript the server cannot
 * know it, so pages render in the zone the browser last reported (the `tz` cookie, written by
 * <LocalTime> once the page runs) or in UTC, always naming the zone; in the browser the same
 * elements are reformatted in its own zone.
 */

/** The cookie <LocalTime> writes; a year, readable by the server on the next page. */
export const TIME_ZONE_COOKIE = "tz";
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The canonical IANA name of a zone Intl knows ("Europe/Berlin", "UTC"), or null for anything else. */
export function validTimeZone(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(value)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The zone a request's `tz` cookie names, when Intl knows it; UTC otherwise. */
export function requestTimeZone(request: Request): string {
  const header = request.headers.get("cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name !== TIME_ZONE_COOKIE) continue;
    let value: string;
    try {
      value = decodeURIComponent(rest.join("="));
    } catch {
      return "UTC";
    }
    return validTimeZone(value) ?? "UTC";
  }
  return "UTC";
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(locale: string, timeZone: string, dateOnly: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${dateOnly ? "d" : "dt"}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(
      locale,
      dateOnly
        ? { year: "numeric", month: "short", day: "numeric", timeZone }
        : { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone, timeZoneName: "short" },
    );
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * A moment for people, in `timeZone` and naming it: "2 Dec 2026, 14:05 UTC",
 * "2 Dec 2026, 15:05 CET". `dateOnly` gives the day alone ("2 Dec 2026"). An unreadable
 * value comes back as it was; an unknown zone falls back to UTC.
 */
export function formatInstant(iso: string, { locale = "en-GB", timeZone = "UTC", dateOnly = false }: { locale?: string; timeZone?: string; dateOnly?: boolean } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = validTimeZone(timeZone) ?? "UTC";
  return formatterFor(locale, zone, dateOnly).format(date);
}

/** The browser's own zone, when it has one Intl accepts (in the browser only). */
export function browserTimeZone(): string | null {
  if (typeof document === "undefined") return null;
  return validTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** Remembers the browser's zone for the server's next render (no-op when the cookie already says so). */
export function rememberTimeZone(zone: string): void {
  if (typeof document === "undefined") return;
  const current = document.cookie.split(";").some((part) => part.trim() === `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}`);
  if (current) return;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  // Read by script and server alike; it holds a zone name, never a credential.
  document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; Path=/; Max-Age=${YEAR_SECONDS}; SameSite=Lax${secure}`;
}
