import { useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * A thin bar across the top of the window while the next page loads (a link followed or a form
 * sent). It exists only while the router is busy: mounted, its fill grows from nothing
 * (`starting:`, CSS @starting-style) towards the end over a few seconds and never claims to
 * be done; the new page replaces it. Classes only, so the server's markup has no style.
 */
export function NavigationProgress() {
  const navigation = useNavigation();
  const { t } = useTranslation();
  if (navigation.state === "idle") return null;
  return (
    <div role="progressbar" aria-label={t("site.loading")} className="pointer-events-none fixed inset-x-0 top-0 z-[60] h-1">
      <div className="h-full w-11/12 rounded-r-full bg-brand-600 transition-[width] delay-150 duration-[6000ms] ease-out starting:w-0 motion-reduce:transition-none" />
    </div>
  );
}
