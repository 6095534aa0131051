import * as Dialog from "@radix-ui/react-dialog";
import { Link } from "@remix-run/react";
import type { ComponentProps } from "react";
import { useTranslation } from "react-i18next";
import { SiteMenu } from "~/components/site-menu";
import { useLocalePath } from "~/lib/i18n";

const buttonClass = "-ml-1 inline-flex size-10 shrink-0 items-center justify-center rounded-md text-stone-800 hover:bg-stone-100 lg:hidden";

function MenuIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
      <path d="M4 6.5h16M4 12h16M4 17.5h16" />
    </svg>
  );
}

/**
 * The phone header's menu button. Before scripts run it is a link to the /menu page; once the
 * page is hydrated it opens the same menu in a modal drawer (focus trapped and returned, Escape
 * and the overlay close it). The header closes it on every navigation.
 */
export function MenuDrawer({
  hydrated,
  open,
  onOpenChange,
  ...menu
}: {
  hydrated: boolean;
  open: boolean;
  onOpenChange: (open: boolean) => void;
} & Omit<ComponentProps<typeof SiteMenu>, "headingLevel">) {
  const { t } = useTranslation();
  const lp = useLocalePath();
  if (!hydrated) {
    return (
      <Link to={lp("/menu")} className={buttonClass}>
        <MenuIcon />
        <span className="sr-only">{t("menu.open")}</span>
      </Link>
    );
  }
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger className={buttonClass}>
        <MenuIcon />
        <span className="sr-only">{t("menu.open")}</span>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-stone-900/40 transition-opacity starting:opacity-0" />
        <Dialog.Content
          aria-describedby={undefined}
          className="fixed inset-y-0 left-0 z-50 flex w-[min(20rem,88vw)] flex-col overflow-y-auto bg-white pb-8 shadow-xl transition-transform duration-200 ease-out starting:-translate-x-full focus:outline-none"
        >
          <div className="flex items-center justify-between border-b border-stone-200 px-4 py-3">
            <Dialog.Title className="text-lg font-semibold text-stone-900">{t("menu.title")}</Dialog.Title>
            <Dialog.Close className="inline-flex size-10 items-center justify-center rounded-md text-stone-700 hover:bg-stone-100">
              <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
                <path d="M6 6l12 12M18 6 6 18" />
              </svg>
              <span className="sr-only">{t("menu.close")}</span>
            </Dialog.Close>
          </div>
          <div className="px-2 pt-4">
            <SiteMenu {...menu} headingLevel={3} />
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
