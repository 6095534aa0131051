// Every path no other route claims. Throwing 404 from a loader (rather than letting Remix
// answer "no match") runs the root loader first, so the error page's header still shows
// who is signed in.
export function loader() {
  throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export function action() {
  throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

// Never rendered (the loader always throws); its presence makes this a page route, so the
// 404 renders the root ErrorBoundary inside the layout instead of a bare response.
export default function NotFound() {
  return null;
}
