import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { useLoaderData } from "@remix-run/react";
import { failedJobSchema } from "../../../workers/domain/schemas/admin";
import { pageOf } from "../../../workers/domain/schemas/common";
import { FAILED_JOB_STATUSES } from "../../../workers/domain/statuses";
import { LocalTime } from "~/components/local-time";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { JOB_STATUS_TONES } from "~/components/admin/format";
import { Badge, ConfirmAction, ErrorText, FilterBar, Notice, PagedResults, PageHeader, Select, useFailure, withAnyOption } from "~/components/admin/ui";
import {
  adminGet,
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
  textValues,
  unconfirmed,
  unknownIntent,
} from "~/lib/admin.server";
import { assertSameOrigin } from "~/lib/csrf.server";
import { readFormData } from "~/lib/forms.server";
import { pageTitle } from "~/lib/navigation";

const NOTICES = { retried: "The job was sent back to its queue. Its consumer is idempotent, so work that meanwhile succeeded is not repeated." } as const;
const JOB_STATUSES = FAILED_JOB_STATUSES;

export const meta: MetaFunction = () => [{ title: pageTitle("Failed jobs · Admin") }, { name: "robots", content: "noindex, nofollow" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const url = new URL(request.url);
  const page = pageParam(url);
  const status = enumParam(url, "status", JOB_STATUSES);
  const list = await adminGet(request, context, apiPath("/admin/failed-jobs", { status, page, limit: PAGE_SIZE }), pageOf(failedJobSchema));
  const jobs = list.items.map((job) => ({ ...job, body: JSON.stringify(job.body, null, 2) }));
  return data({ jobs, total: list.total, page, limit: PAGE_SIZE, status: status ?? "", notice: noticeOf(url, NOTICES) }, { headers: adminHeaders(context) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request, context);
  const formData = await readFormData(request);
  const values = textValues(formData);
  if (values.intent !== "retry") return unknownIntent();
  const id = values.id ?? "";
  // Sending a message back is irreversible (it may charge, refund or email): it asks first.
  const notConfirmed = unconfirmed(formData, "retry", id);
  if (notConfirmed) return fail(context, notConfirmed);
  const sent = await adminSend(request, context, `/admin/failed-jobs/${encodeURIComponent(id)}/retry`, { method: "POST" });
  if (!sent.ok) return fail(context, failureFromProblem("retry", sent.problem, values, { target: id }), sent.problem.status);
  return redirectWithNotice(request, context, "retried");
}

type Job = ReturnType<typeof useLoaderData<typeof loader>>["jobs"][number];

function JobItem({ job }: { job: Job }) {
  const failure = useFailure("retry", job.id);
  return (
    <li className="rounded-lg border border-stone-200 p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-mono text-sm font-semibold">{job.queue}</p>
          <p className="mt-1 text-xs text-stone-600">
            Failed <LocalTime iso={job.createdAt} /> after {job.attempts} attempt{job.attempts === 1 ? "" : "s"}
            {job.retriedAt ? (
              <>
                {" "}
                · retried <LocalTime iso={job.retriedAt} />
              </>
            ) : null} · message {job.messageId}
          </p>
        </div>
        <Badge tone={JOB_STATUS_TONES[job.status] ?? "grey"}>{job.status}</Badge>
      </div>
      {job.error ? <p className="mt-2 text-sm text-red-800">{job.error}</p> : null}
      <details className="mt-2">
        <summary className="cursor-pointer text-sm font-medium text-brand-700">Message body</summary>
        <pre className="mt-2 overflow-x-auto rounded bg-stone-50 p-3 text-xs">{job.body}</pre>
      </details>
      <ErrorText>{failure?.formError}</ErrorText>
      {job.status === "failed" ? (
        <ConfirmAction
          className="mt-3"
          intent="retry"
          target={job.id}
          hidden={{ id: job.id }}
          label={
            <>
              Retry…<span className="sr-only"> job {job.messageId}</span>
            </>
          }
          title="Send this job back to its queue?"
          question={`The message goes back to ${job.queue} and is handled again: it may charge, refund or email for real. Its consumer is idempotent, so work that meanwhile succeeded is not repeated. A job can be retried once.`}
          confirmLabel="Yes, retry this job"
          pendingLabel="Retrying…"
        />
      ) : null}
    </li>
  );
}

export default function AdminFailedJobs() {
  const { jobs, total, page, limit, status, notice } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="Failed jobs" description="Queue messages that exhausted their retries (the dead-letter queues). Retry sends one back to its queue." />
      <Notice>{notice}</Notice>
      <FilterBar label="Filter failed jobs" resetHref="/admin/failed-jobs">
        <Select label="Status" name="status" defaultValue={status} options={withAnyOption("Any status", JOB_STATUSES)} />
      </FilterBar>
      <PagedResults itemCount={jobs.length} empty={status ? "No jobs with this status." : "No failed jobs. Every queued message was handled."} page={page} limit={limit} total={total}>
        <ul className="space-y-3">
          {jobs.map((job) => (
            <JobItem key={job.id} job={job} />
          ))}
        </ul>
      </PagedResults>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
