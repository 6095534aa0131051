import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from "react";

interface Labelled {
  label: string;
  name: string;
  /** The server's message for this field, shown under it and announced with it. */
  error?: string | undefined;
  hint?: string | undefined;
}

type FieldProps = Labelled & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name">;

type TextAreaFieldProps = Labelled & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name">;

/** The attributes FieldFrame gives its control: its id, name, error state and description. */
interface ControlProps {
  id: string;
  name: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
  className: string;
}

/** The label, hint and error around one control, tied to it with aria-describedby. */
function FieldFrame({
  label,
  name,
  error,
  hint,
  className,
  children,
}: Labelled & { className?: string | undefined; children: (control: ControlProps) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      {children({
        id,
        name,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy,
        className: `mt-1 block w-full rounded-md border bg-white px-3 py-2 text-base text-stone-900 shadow-xs placeholder:text-stone-400 focus-visible:border-brand-600 ${
          error ? "border-red-600" : "border-stone-300"
        }`,
      })}
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-stone-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input whose hint and error are tied to it with aria-describedby. */
export function Field({ label, name, error, hint, className, ...input }: FieldProps) {
  return (
    <FieldFrame label={label} name={name} error={error} hint={hint} className={className}>
      {(control) => <input {...control} {...input} />}
    </FieldFrame>
  );
}

/** A labelled multi-line field, wired like {@link Field}. */
export function TextAreaField({ label, name, error, hint, className, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldFrame label={label} name={name} error={error} hint={hint} className={className}>
      {(control) => <textarea {...control} {...textarea} />}
    </FieldFrame>
  );
}
