import { useEffect, useState } from "react";

/**
 * False on the server and in the first client render, true once React has hydrated: for the
 * controls only a page without JavaScript needs (a "Show" or "Update" button), hidden once
 * scripts take over.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
