import { Outlet } from "@remix-run/react";

// The parent of one language's storefront routes ("/de", "/fr", "/ja"; see routes.ts). It
// only nests them: the language itself is read from the URL (~/lib/i18n).
export default function LanguageLayout() {
  return <Outlet />;
}
