import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/cloudflare";
import { Link, useLoaderData } from "@remix-run/react";
import { emailDetailSchema } from "../../../workers/domain/schemas/admin";
import { LocalTime } from "~/components/local-time";
import { AdminErrorBoundary } from "~/components/admin/admin-shell";
import { EMAIL_STATUS_TONES } from "~/components/admin/format";
import { Badge, buttonClass, PageHeader, Section } from "~/components/admin/ui";
import { adminGetOptional, adminHeaders, requireAdmin } from "~/lib/admin.server";
import { pageTitle } from "~/lib/navigation";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: pageTitle(loaded ? `${loaded.email.subject} · Emails · Admin` : "Email · Admin") },
  { name: "robots", content: "noindex, nofollow" },
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  const email = await adminGetOptional(request, context, `/admin/emails/${encodeURIComponent(params.id ?? "")}`, emailDetailSchema);
  if (!email) throw data({ message: "No such email." }, { status: 404, headers: adminHeaders(context) });
  return data({ email }, { headers: adminHeaders(context) });
}

export default function AdminEmail() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title={email.subject}
        actions={
          <Link to="/admin/emails" className={buttonClass.secondary}>
            All emails
          </Link>
        }
      />
      <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-stone-600">To</dt>
        <dd>{email.to}</dd>
        <dt className="font-medium text-stone-600">Template</dt>
        <dd className="font-mono text-xs">{email.template}</dd>
        <dt className="font-medium text-stone-600">Status</dt>
        <dd>
          <Badge tone={EMAIL_STATUS_TONES[email.status] ?? "grey"}>{email.status}</Badge> after {email.attempts} attempt{email.attempts === 1 ? "" : "s"}
          {email.lastError ? <span className="block text-red-700">{email.lastError}</span> : null}
        </dd>
        <dt className="font-medium text-stone-600">Created</dt>
        <dd><LocalTime iso={email.createdAt} /></dd>
        <dt className="font-medium text-stone-600">Sent</dt>
        <dd><LocalTime iso={email.sentAt} /></dd>
      </dl>

      <Section title="HTML version" id="html-heading">
        {/*
          The email's own HTML, isolated: an empty sandbox runs no script, submits no form and
          gets an opaque origin, so nothing in it can reach this page or the admin's session.
        */}
        <iframe
          title={`HTML version of “${email.subject}”`}
          sandbox=""
          srcDoc={email.html}
          referrerPolicy="no-referrer"
          className="h-[36rem] w-full rounded-lg border border-stone-200 bg-white"
        />
      </Section>

      <Section title="Text version" id="text-heading">
        <pre className="overflow-x-auto rounded-lg border border-stone-200 bg-stone-50 p-4 text-sm whitespace-pre-wrap">{email.text}</pre>
      </Section>
    </div>
  );
}

export const ErrorBoundary = AdminErrorBoundary;
