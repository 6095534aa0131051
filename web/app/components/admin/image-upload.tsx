import { Form, useLocation } from "@remix-run/react";
import { useEffect, useId, useState } from "react";
import { ACCEPTED_IMAGE_TYPES } from "../../../../workers/domain/image-type";
import { ActionButton, ErrorText, type ActionFailure } from "./ui";

/**
 * A file input posting multipart to the page's action, which forwards the bytes to the API.
 * With JavaScript the chosen file is previewed before it is sent (a blob: URL, which the
 * site's CSP allows for images).
 */
export function ImageUpload({ failure }: { failure: ActionFailure | undefined }) {
  const id = useId();
  const [preview, setPreview] = useState<{ url: string; name: string } | null>(null);
  // After each post the file input and its preview start over.
  const location = useLocation();
  useEffect(() => setPreview(null), [location.key]);
  useEffect(() => () => (preview ? URL.revokeObjectURL(preview.url) : undefined), [preview]);
  const error = failure?.fieldErrors.image ?? failure?.formError;
  return (
    <Form method="post" encType="multipart/form-data" className="rounded-lg border border-stone-200 p-4" key={location.key}>
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        Upload an image
      </label>
      <p id={`${id}-hint`} className="mt-1 text-xs text-stone-600">
        PNG, JPEG or WebP, at most 5 MB. It is added after the product's current images.
      </p>
      <input
        id={id}
        type="file"
        name="image"
        accept={ACCEPTED_IMAGE_TYPES}
        required
        aria-describedby={`${id}-hint`}
        aria-invalid={error ? true : undefined}
        className="mt-2 block w-full text-sm text-stone-700 file:mr-3 file:rounded-md file:border-0 file:bg-stone-100 file:px-3 file:py-2 file:text-sm file:font-semibold file:text-stone-800 hover:file:bg-stone-200"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          setPreview(file ? { url: URL.createObjectURL(file), name: file.name } : null);
        }}
      />
      {preview ? (
        <figure className="mt-3">
          <img src={preview.url} alt={`Preview of ${preview.name}`} className="max-h-48 rounded border border-stone-200 object-contain" />
          <figcaption className="mt-1 text-xs text-stone-600">Preview: {preview.name} (not uploaded yet)</figcaption>
        </figure>
      ) : null}
      <ErrorText>{error}</ErrorText>
      <div className="mt-3">
        <ActionButton intent="upload-image" pendingLabel="Uploading…">
          Upload image
        </ActionButton>
      </div>
    </Form>
  );
}
