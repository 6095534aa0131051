import { useSyncExternalStore } from "react";

/**
 * Whether the cart drawer is open, kept outside React so that whoever opens it (the header's
 * cart link, the product page after an add) need not be its parent. The drawer itself is
 * mounted once, by the cart link (web/app/components/cart-link.tsx).
 */

export interface CartDrawerState {
  open: boolean;
  /** What takes focus back when the drawer closes: the control that opened it. */
  returnFocus: HTMLElement | null;
  /** The line just added, when an add opened the drawer: shown first, with its notice. */
  added: { sku: string; notice: string } | null;
  /** Which mounted drawer renders the dialog (the first to mount), should the link render twice. */
  host: string | null;
}

const CLOSED: CartDrawerState = { open: false, returnFocus: null, added: null, host: null };
let state: CartDrawerState = CLOSED;
const listeners = new Set<() => void>();

function update(next: Partial<CartDrawerState>) {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Opens the drawer; focus returns to `returnFocus` (by default what has it now) on close. */
export function openCartDrawer(options: { returnFocus?: HTMLElement | null; added?: CartDrawerState["added"] } = {}): void {
  const focused = typeof document === "undefined" ? null : document.activeElement;
  update({
    open: true,
    returnFocus: options.returnFocus ?? (focused instanceof HTMLElement && focused !== document.body ? focused : null),
    added: options.added ?? null,
  });
}

/** Closes the drawer; `returnFocus: false` when the page is changing and nothing should take focus back. */
export function closeCartDrawer({ returnFocus = true }: { returnFocus?: boolean } = {}): void {
  if (!state.open) return;
  update({ open: false, ...(returnFocus ? {} : { returnFocus: null }) });
}

/** Mounted drawers in mounting order; the first renders the dialog. */
const hosts: string[] = [];

/** Registers the mounted drawer `id`; returns its release. The earliest still mounted is the host. */
export function claimCartDrawerHost(id: string): () => void {
  hosts.push(id);
  if (state.host === null) update({ host: id });
  return () => {
    const at = hosts.indexOf(id);
    if (at >= 0) hosts.splice(at, 1);
    if (state.host === id) update({ host: hosts[0] ?? null });
  };
}

/** The drawer's state, for the drawer and its triggers; always closed on the server. */
export function useCartDrawer(): CartDrawerState {
  return useSyncExternalStore(
    subscribe,
    () => state,
    () => CLOSED,
  );
}
