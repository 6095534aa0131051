import * as NavigationMenu from "@radix-ui/react-navigation-menu";
import { Link, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocalePath } from "~/lib/i18n";
import { categoryNav, type NavCategory } from "~/lib/navigation";

const triggerClass =
  "group inline-flex items-center gap-1 rounded-md px-3 py-1.5 text-sm font-semibold text-stone-800 hover:bg-stone-100 data-[state=open]:bg-stone-100";

function Chevron() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      className="size-4 text-stone-500 transition-transform group-data-[state=open]:rotate-180"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
    >
      <path strokeLinecap="round" strokeLinejoin="round" d="m5 7.5 5 5 5-5" />
    </svg>
  );
}

/**
 * The desktop header's "Shop" menu: one trigger opening a panel with every category and all
 * products. Before scripts run (and without them) "Shop" is a plain link to all products, whose
 * filters reach every category. Radix's menu is only rendered once the page is hydrated: its
 * list wraps itself in an element with a `style` attribute, which the site's CSP refuses in
 * server-rendered HTML (decision 009), while the same style set from the client is allowed.
 */
export function CategoryMegaMenu({ categories, hydrated }: { categories: readonly NavCategory[]; hydrated: boolean }) {
  const { t } = useTranslation();
  const lp = useLocalePath();
  const location = useLocation();
  const [value, setValue] = useState("");
  const trigger = useRef<HTMLButtonElement>(null);
  // A navigation (a category chosen, the back button) closes the panel.
  useEffect(() => setValue(""), [location.key]);
  // While open, Radix puts a focusable "focus proxy" right after the trigger (Tab from the
  // trigger lands on it and is sent into the panel) but marks it aria-hidden, which hides a
  // focusable element from assistive technology (axe: aria-hidden-focus; radix-ui/primitives
  // issue 3085). Its attribute is dropped, as Reka UI's port of the component does; React
  // leaves it so, since the element's props do not change while it stays mounted.
  useEffect(() => {
    const proxy = value ? trigger.current?.nextElementSibling : null;
    if (proxy?.getAttribute("tabindex") === "0" && proxy.getAttribute("aria-hidden") === "true") proxy.removeAttribute("aria-hidden");
  }, [value]);

  if (!hydrated) {
    return (
      <nav aria-label={t("header.main")}>
        <ul className="flex items-center">
          <li>
            <Link to={lp("/products")} className={triggerClass}>
              {t("nav.shop")}
              <Chevron />
            </Link>
          </li>
        </ul>
      </nav>
    );
  }

  return (
    <NavigationMenu.Root aria-label={t("header.main")} value={value} onValueChange={setValue} className="relative">
      <NavigationMenu.List className="flex items-center">
        <NavigationMenu.Item value="shop">
          <NavigationMenu.Trigger ref={trigger} className={triggerClass}>
            {t("nav.shop")}
            <Chevron />
          </NavigationMenu.Trigger>
          <NavigationMenu.Content className="absolute top-full left-0 z-50 mt-1 w-[min(46rem,calc(100vw-3rem))] rounded-lg border border-stone-200 bg-white p-5 shadow-lg">
            <div className="flex items-baseline justify-between gap-4 border-b border-stone-100 pb-3">
              <p className="text-xs font-semibold tracking-wide text-stone-500 uppercase">{t("nav.categories")}</p>
              <NavigationMenu.Link asChild>
                <Link to={lp("/products")} className="text-sm font-semibold text-brand-700 hover:text-brand-800 hover:underline">
                  {t("nav.allProducts")} <span aria-hidden="true">→</span>
                </Link>
              </NavigationMenu.Link>
            </div>
            <ul className="mt-3 grid grid-cols-3 gap-x-4 gap-y-1">
              {categoryNav(categories).map((item) => (
                <li key={item.to}>
                  <NavigationMenu.Link asChild active={location.pathname === lp(item.to)}>
                    <Link
                      to={lp(item.to)}
                      prefetch="intent"
                      className="block rounded-md px-2 py-1.5 text-sm text-stone-800 hover:bg-stone-100 hover:text-stone-900 data-[active]:font-semibold data-[active]:text-brand-800"
                    >
                      {item.label}
                    </Link>
                  </NavigationMenu.Link>
                </li>
              ))}
            </ul>
          </NavigationMenu.Content>
        </NavigationMenu.Item>
      </NavigationMenu.List>
    </NavigationMenu.Root>
  );
}
