import { useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * The primary button of a form. While its own submission is in flight (identified by the
 * form's action and, when given, its `intent` value) it shows `pendingLabel`.
 */
export function SubmitButton({
  children,
  pendingLabel,
  action,
  intent,
}: {
  children: ReactNode;
  pendingLabel: string;
  action?: string;
  intent?: string;
}) {
  const navigation = useNavigation();
  const pending =
    navigation.state === "submitting" &&
    (action === undefined || navigation.formAction === action) &&
    (intent === undefined || navigation.formData?.get("intent") === intent);
  return (
    <button
      type="submit"
      aria-disabled={pending || undefined}
      className="inline-flex w-full items-center justify-center rounded-md bg-brand-700 px-4 py-2.5 text-base font-semibold text-white hover:bg-brand-800 aria-disabled:opacity-70 sm:w-auto"
      onClick={(event) => {
        if (pending) event.preventDefault();
      }}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}
