import { useEffect, type RefObject } from "react";

/**
 * After a refused form submission, moves focus to what needs attention: the message about
 * the whole form when there is one (`formLevel`), or else the first field marked
 * aria-invalid. Without JavaScript the page reloads with the messages next to the fields.
 */
export function useFocusOnFailure(
  failure: unknown,
  { form, alert, formLevel }: { form: RefObject<HTMLElement | null>; alert: RefObject<HTMLElement | null>; formLevel: boolean },
): void {
  useEffect(() => {
    if (!failure) return;
    const firstInvalid = form.current?.querySelector<HTMLElement>("[aria-invalid='true']");
    const target = formLevel ? (alert.current ?? firstInvalid) : (firstInvalid ?? alert.current);
    target?.focus();
    // Only a new submission result should move focus.
  }, [failure]);
}
