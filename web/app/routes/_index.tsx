import type { MetaFunction } from "@remix-run/cloudflare";
import { Link } from "@remix-run/react";
import { pageTitle } from "~/lib/navigation";
import { useOptionalUser } from "~/lib/user";

export const meta: MetaFunction = () => [
  { title: pageTitle("Shopping that keeps up with you") },
  {
    name: "description",
    content:
      "Edgeware is an online store built to be fast wherever you are, with live stock, secure checkout and order tracking from payment to your door.",
  },
];

const valueProps = [
  {
    title: "Fast, wherever you are",
    body: "Pages are served from the network edge close to you, so browsing and checkout stay quick on any connection.",
  },
  {
    title: "Stock you can trust",
    body: "Availability is live, and what you order is held for you the moment you check out, so it can't sell out under you.",
  },
  {
    title: "Secure checkout",
    body: "Card payments go straight to our payment provider; your card number never touches our servers.",
  },
  {
    title: "Follow every order",
    body: "From payment to dispatch to delivery, you get an update at every step, with tracking once it ships.",
  },
] as const;

export default function Home() {
  const user = useOptionalUser();

  return (
    <>
      <section aria-labelledby="hero-heading" className="bg-gradient-to-b from-brand-50 to-white">
        <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6 sm:py-24">
          <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">Welcome to Edgeware</p>
          <h1 id="hero-heading" className="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-stone-900 sm:text-5xl">
            Shopping that keeps up with you.
          </h1>
          <p className="mt-5 max-w-2xl text-lg text-stone-700">
            A store built to be quick and dependable: live stock, a checkout that holds your items while you pay, and
            updates from the moment you order until it reaches your door.
          </p>
          <div className="mt-8 flex flex-col gap-3 sm:flex-row">
            {user ? (
              <Link
                to="/account"
                className="rounded-md bg-brand-700 px-5 py-3 text-center font-semibold text-white hover:bg-brand-800"
              >
                Go to your account
              </Link>
            ) : (
              <>
                <Link
                  to="/register"
                  className="rounded-md bg-brand-700 px-5 py-3 text-center font-semibold text-white hover:bg-brand-800"
                >
                  Create an account
                </Link>
                <Link
                  to="/login"
                  className="rounded-md border border-stone-300 bg-white px-5 py-3 text-center font-semibold text-stone-800 hover:bg-stone-50"
                >
                  Sign in
                </Link>
              </>
            )}
          </div>
        </div>
      </section>

      <section aria-labelledby="why-heading" className="mx-auto max-w-6xl px-4 py-14 sm:px-6">
        <h2 id="why-heading" className="text-2xl font-bold tracking-tight">
          Why shop with us
        </h2>
        <ul className="mt-8 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
          {valueProps.map((prop) => (
            <li key={prop.title} className="rounded-lg border border-stone-200 p-5">
              <h3 className="font-semibold text-stone-900">{prop.title}</h3>
              <p className="mt-2 text-sm text-stone-600">{prop.body}</p>
            </li>
          ))}
        </ul>
      </section>

      {/* Catalog sections (featured categories, new arrivals) are added here by the catalog issue. */}
    </>
  );
}
