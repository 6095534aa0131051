import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { adminReviewListSchema, productSchema } from "../../../workers/domain/schemas/catalog";
import { LocalTime } from "~/components/local-time";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { ActionButton, Badge, ConfirmAction, ErrorText, FilterBar, Notice, PagedResults, PageHeader, Select, TextInput, useFailure } from "~/components/admin/ui";
import {
  adminGet,
  adminGetOptional,
  adminHeaders,
  adminSend,
  apiPath,
  enumParam,
  fail,
  failureFromProblem,
  noticeOf,
  pageParam,
  PAGE_SIZE,
  redirectWithNotice,
  requireAdmin,
  textParam,
  textValues,
  unconfirmed,
  unknownIntent,
} from "~/lib/admin.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";
import { BulkBar, BulkCheckbox, type BulkActionSpec } from "~/components/admin/bulk-actions";
import { runBulkIntent } from "~/lib/bulk.server";
import { isDestructiveBulkAction, REVIEW_BULK_ACTIONS, type ReviewBulkAction } from "../../../workers/domain/bulk-actions";

const BULK_LABELS: Record<ReviewBulkAction, { label: string; done: string }> = {
  unhide: { label: "Unhide", done: "made visible again" },
  hide: { label: "Hide", done: "hidden" },
  delete: { label: "Delete", done: "deleted" },
};

const BULK_FORM = "bulk-reviews";

const NOTICES = {
  hidden: "The review was hidden: it left the product page and its rating.",
  shown: "The review is visible again and counts towards the rating.",
  deleted: "The review was deleted.",
} as const;

const VISIBILITY = ["hidden", "visible"] as const;

export const meta: MetaFunction = () => [{ title: pageTitle("Reviews · Admin") }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  const page = pageParam(url);
  const visibility = enumParam(url, "visibility", VISIBILITY);
  const productId = textParam(url, "productId", 64);
  const product = textParam(url, "product", 100);
  // GET /reviews is the API's moderation list: every review, hidden ones included.
  const list = await adminGet(
    request,
    context,
    apiPath("/reviews", { page, limit: PAGE_SIZE, productId, product, hidden: visibility ? visibility === "hidden" : undefined }),
    adminReviewListSchema,
  );
  // Reviews carry a product id; name each product on this page (admins see deactivated ones too).
  const productIds = [...new Set(list.items.map((review) => review.productId))];
  const products = await Promise.all(
    productIds.map((id) => adminGetOptional(request, context, `/products/${encodeURIComponent(id)}`, productSchema)),
  );
  const names = Object.fromEntries(products.flatMap((product) => (product ? [[product.id, { name: product.name, slug: product.slug, isActive: product.isActive }]] : [])));
  return data(
    {
      reviews: list.items.map((review) => ({ ...review, product: names[review.productId] ?? null })),
      total: list.total,
      page,
      limit: PAGE_SIZE,
      visibility: visibility ?? "",
      productId: productId ?? "",
      product: product ?? "",
      notice: noticeOf(url, NOTICES),
      bulkActions: REVIEW_BULK_ACTIONS.map((name): BulkActionSpec => ({ intent: `bulk-${name}`, ...BULK_LABELS[name], destructive: isDestructiveBulkAction(name) })),
    },
    { headers: adminHeaders(context) },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const formData = await readFormData(request);
  const values = textValues(formData);
  const intent = values.intent ?? "";
  const bulkAction = REVIEW_BULK_ACTIONS.find((candidate) => `bulk-${candidate}` === intent);
  if (bulkAction) {
    return runBulkIntent(request, context, { formData, intent, path: "/reviews/bulk", action: bulkAction, destructive: isDestructiveBulkAction(bulkAction), noun: "review" });
  }
  const id = values.id ?? "";
  const path = `/reviews/${encodeURIComponent(id)}`;
  if (intent !== "hide" && intent !== "show" && intent !== "delete") return unknownIntent();
  // Unhiding takes nothing away; hiding and deleting ask first.
  const notConfirmed = intent === "show" ? undefined : unconfirmed(formData, intent, id);
  if (notConfirmed) return fail(context, notConfirmed);
  const sent =
    intent === "delete"
      ? await adminSend(request, context, path, { method: "DELETE" })
      : await adminSend(request, context, path, { method: "PATCH", json: { isHidden: intent === "hide" } });
  if (!sent.ok) return fail(context, failureFromProblem(intent, sent.problem, values, { target: id }), sent.problem.status);
  return redirectWithNotice(request, context, intent === "hide" ? "hidden" : intent === "show" ? "shown" : "deleted");
}

type Review = ReturnType<typeof useLoaderData<typeof loader>>["reviews"][number];

function ReviewItem({ review }: { review: Review }) {
  const hide = useFailure("hide", review.id);
  const show = useFailure("show", review.id);
  const remove = useFailure("delete", review.id);
  const failure = hide ?? show ?? remove;
  return (
    <li className="rounded-lg border border-stone-200 p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="pt-0.5">
          <BulkCheckbox formId={BULK_FORM} id={review.id} label={`the review by ${review.author.name}${review.product ? ` of ${review.product.name}` : ""}`} />
        </div>
        <div className="min-w-0 flex-1">
          <p className="text-sm">
            <span className="font-semibold" aria-label={`${review.rating} out of 5 stars`}>
              {"★".repeat(review.rating)}
              <span className="text-stone-300">{"★".repeat(5 - review.rating)}</span>
            </span>{" "}
            {review.title ? <span className="font-semibold text-stone-900">{review.title}</span> : null}
          </p>
          <p className="mt-1 text-xs text-stone-600">
            {review.author.name} · <LocalTime iso={review.createdAt} />
            {review.verifiedPurchase ? " · verified purchase" : ""} · on{" "}
            {review.product ? (
              <Link to={`/admin/products/${review.productId}`} className="underline">
                {review.product.name}
              </Link>
            ) : (
              review.productId
            )}
          </p>
        </div>
        {review.isHidden ? <Badge tone="amber">Hidden</Badge> : <Badge tone="green">Visible</Badge>}
      </div>
      {/* Plain text, rendered as text: never as HTML. */}
      <p className="mt-2 text-sm whitespace-pre-line text-stone-800">{review.body}</p>
      <ErrorText>{failure?.formError}</ErrorText>
      <div className="mt-3 flex flex-wrap items-start gap-2">
        {review.isHidden ? (
          <Form method="post">
            <input type="hidden" name="id" value={review.id} />
            <input type="hidden" name="target" value={review.id} />
            <ActionButton intent="show" target={review.id} tone="secondary" pendingLabel="Showing…">
              Unhide
            </ActionButton>
          </Form>
        ) : (
          <ConfirmAction
            intent="hide"
            target={review.id}
            hidden={{ id: review.id }}
            label="Hide…"
            question="Hide this review from the product page? Its rating stops counting until you unhide it."
            confirmLabel="Yes, hide this review"
            pendingLabel="Hiding…"
          />
        )}
        <ConfirmAction
          intent="delete"
          target={review.id}
          hidden={{ id: review.id }}
          label="Delete…"
          question="Delete this review for good? This cannot be undone."
          confirmLabel="Yes, delete this review"
          pendingLabel="Deleting…"
        />
      </div>
    </li>
  );
}

export default function AdminReviews() {
  const { reviews, total, page, limit, visibility, productId, product, notice, bulkActions } = useLoaderData<typeof loader>();
  const names = new Map(reviews.map((review) => [review.id, `${review.author.name}'s review${review.product ? ` of ${review.product.name}` : ""}`]));
  return (
    <div>
      <PageHeader title="Reviews" description="Every review, newest first, hidden ones included. Hidden reviews leave the product page and its rating; unhiding adds them back." />
      <Notice>{notice}</Notice>
      <FilterBar label="Filter reviews" resetHref="/admin/reviews">
        <Select
          label="Visibility"
          name="visibility"
          defaultValue={visibility}
          options={[
            { value: "", label: "All reviews" },
            { value: "visible", label: "Visible" },
            { value: "hidden", label: "Hidden" },
          ]}
        />
        <TextInput label="Product" name="product" type="search" defaultValue={product} maxLength={100} className="min-w-56" hint="Part of the product's name." />
        {/* A link to one product's reviews names it by id; the filter keeps it until Reset. */}
        {productId ? <input type="hidden" name="productId" value={productId} /> : null}
      </FilterBar>
      <BulkBar formId={BULK_FORM} pageIds={reviews.map((review) => review.id)} noun="review" plural="reviews" actions={bulkActions} nameOf={(id) => names.get(id) ?? id} />
      <PagedResults itemCount={reviews.length} empty={visibility || productId || product ? "No reviews match these filters." : "No reviews yet."} page={page} limit={limit} total={total}>
        <ul className="space-y-3">
          {reviews.map((review) => (
            <ReviewItem key={review.id} review={review} />
          ))}
        </ul>
      </PagedResults>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
