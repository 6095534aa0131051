import { createContext, useContext, useEffect, useState } from "react";
import { browserTimeZone, formatInstant, rememberTimeZone } from "~/lib/time-zone";

const TimeZoneContext = createContext("UTC");

/** The zone the server renders times in (from the request's `tz` cookie); see ~/lib/time-zone. */
export const TimeZoneProvider = TimeZoneContext.Provider;

/**
 * A moment as `<time datetime="…" data-local>`: rendered on the server in the zone the page was
 * given (naming it), then, once the page runs, reformatted in the browser's own zone, which is
 * also remembered in the `tz` cookie so the next server render already uses it. Hydration first
 * renders exactly what the server sent; the zone changes only in the effect.
 */
export function LocalTime({
  iso,
  locale = "en-GB",
  dateOnly = false,
  empty = "—",
  timeZone,
}: {
  iso: string | null | undefined;
  locale?: string;
  dateOnly?: boolean;
  empty?: string;
  /** The server's zone for this page, when no TimeZoneProvider above gives it. */
  timeZone?: string;
}) {
  const provided = useContext(TimeZoneContext);
  const serverZone = timeZone ?? provided;
  const [zone, setZone] = useState(serverZone);
  useEffect(() => {
    const own = browserTimeZone();
    if (!own) return;
    setZone(own);
    rememberTimeZone(own);
  }, []);
  if (!iso) return <>{empty}</>;
  return (
    <time dateTime={iso} data-local="">
      {formatInstant(iso, { locale, timeZone: zone, dateOnly })}
    </time>
  );
}
