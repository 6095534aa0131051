import type { ReactNode } from "react";

interface PostalLines {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode: string;
}

/** An address as a shopper reads it on a label: name, street, city line, country, then `extra` lines. */
export function PostalAddress({ address, country, name, extra, className }: { address: PostalLines; country: string; name?: ReactNode; extra?: string | null; className: string }) {
  const lines: ReactNode[] = [name ?? address.name, address.line1, address.line2, `${address.city}${address.region ? `, ${address.region}` : ""} ${address.postalCode}`, country, extra];
  return (
    // Shopper-typed lines of any length wrap rather than widen the page.
    <address className={`min-w-0 text-sm leading-6 break-words not-italic ${className}`}>
      {lines
        .filter((line) => line !== null && line !== undefined && line !== "")
        .map((line, index) => (
          <span key={index}>
            {index > 0 ? <br /> : null}
            {line}
          </span>
        ))}
    </address>
  );
}
