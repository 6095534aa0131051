import type { HeadersFunction, MetaFunction } from "@remix-run/cloudflare";
import { useTranslation } from "react-i18next";
import { SiteMenu } from "~/components/site-menu";
import { PRIVATE_NO_STORE } from "~/lib/cache.server";
import { fixedT, languageFromPath } from "~/lib/i18n";
import { seoMeta } from "~/lib/seo";
import { useOptionalUser, useRootData } from "~/lib/user";

// The account part names the signed-in shopper: never stored by a shared cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": PRIVATE_NO_STORE });

export const meta: MetaFunction = ({ location }) => {
  const t = fixedT(languageFromPath(location.pathname));
  return seoMeta({ title: t("menu.title"), description: t("menu.description"), noindex: true });
};

/**
 * The phone menu as a page: where the header's menu button leads before (or without)
 * JavaScript. The same lists as the drawer, from the root loader's data.
 */
export default function MenuPage() {
  const { t } = useTranslation();
  const user = useOptionalUser();
  const { categories, notificationCount, markets, market } = useRootData();
  return (
    <div className="mx-auto max-w-md px-2 py-8 sm:px-6">
      <h1 className="px-3 text-2xl font-bold tracking-tight">{t("menu.title")}</h1>
      <div className="mt-6">
        <SiteMenu user={user} categories={categories} notificationCount={notificationCount} markets={markets} market={market?.id ?? null} headingLevel={2} />
      </div>
    </div>
  );
}
