import { Form } from "@remix-run/react";
import { TRANSLATION_LANGUAGES, type TranslationLanguage } from "../../../../workers/domain/languages";
import type { TranslationView } from "../../../../workers/domain/schemas/translations";
import { ActionButton, ConfirmAction, ErrorText, TextArea, TextInput, useFailure } from "~/components/admin/ui";

export const LANGUAGE_NAMES: Record<TranslationLanguage, string> = { de: "German", fr: "French", ja: "Japanese" };

/** The `target` a translation form posts: the language, after the item's id on pages with many items. */
export const translationTarget = (language: TranslationLanguage, itemId?: string) => (itemId ? `${itemId}:${language}` : language);

/**
 * One form per language for an item's name and description (plain posts: no JavaScript
 * needed). Blank fields show the English text as their placeholder; a blank description
 * means the English one shows to shoppers.
 */
export function TranslationForms({
  translations,
  english,
  itemId,
  nameMaxLength,
  descriptionMaxLength,
  noun,
}: {
  translations: TranslationView[];
  english: { name: string; description: string };
  /** Posted as `id` and part of `target` when a page lists several items. */
  itemId?: string;
  nameMaxLength: number;
  descriptionMaxLength: number;
  noun: string;
}) {
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      {TRANSLATION_LANGUAGES.map((language) => (
        <LanguageForm
          key={language}
          language={language}
          saved={translations.find((translation) => translation.language === language)}
          english={english}
          itemId={itemId}
          nameMaxLength={nameMaxLength}
          descriptionMaxLength={descriptionMaxLength}
          noun={noun}
        />
      ))}
    </div>
  );
}

function LanguageForm({
  language,
  saved,
  english,
  itemId,
  nameMaxLength,
  descriptionMaxLength,
  noun,
}: {
  language: TranslationLanguage;
  saved: TranslationView | undefined;
  english: { name: string; description: string };
  itemId: string | undefined;
  nameMaxLength: number;
  descriptionMaxLength: number;
  noun: string;
}) {
  const target = translationTarget(language, itemId);
  const failure = useFailure("translate", target);
  const removal = useFailure("remove-translation", target);
  const errors = failure?.fieldErrors ?? {};
  const languageName = LANGUAGE_NAMES[language];
  return (
    <div className="rounded-lg border border-stone-200 p-4" lang={language}>
      <Form method="post" className="space-y-3" key={`${saved?.updatedAt ?? "none"}`}>
        <h3 className="font-semibold text-stone-900" lang="en">
          {languageName} {saved ? "" : <span className="text-sm font-normal text-stone-600">(not translated: shoppers see English)</span>}
        </h3>
        {itemId ? <input type="hidden" name="id" value={itemId} /> : null}
        <input type="hidden" name="lang" value={language} />
        <input type="hidden" name="target" value={target} />
        <ErrorText>{failure?.formError}</ErrorText>
        <TextInput
          label={`Name in ${languageName}`}
          name="name"
          required
          maxLength={nameMaxLength}
          placeholder={english.name}
          defaultValue={failure?.values.name ?? saved?.name ?? ""}
          error={errors.name}
        />
        <TextArea
          label={`Description in ${languageName} (optional)`}
          name="description"
          rows={3}
          maxLength={descriptionMaxLength}
          placeholder={english.description}
          defaultValue={failure?.values.description ?? saved?.description ?? ""}
          error={errors.description}
          hint="Leave empty to show the English description."
        />
        <ActionButton intent="translate" target={target} tone="secondary" pendingLabel="Saving…">
          Save {languageName}
          <span className="sr-only"> {noun}</span>
        </ActionButton>
      </Form>
      {saved ? (
        <>
          <ConfirmAction
            intent="remove-translation"
            target={target}
            hidden={{ lang: language, ...(itemId ? { id: itemId } : {}) }}
            label={
              <>
                Remove {languageName}…<span className="sr-only"> {noun}</span>
              </>
            }
            title={`Remove the ${languageName} text?`}
            question={`Shoppers reading ${languageName} will see the English ${noun} instead.`}
            confirmLabel={`Yes, remove the ${languageName} text`}
            pendingLabel="Removing…"
            className="mt-3"
          />
          <ErrorText>{removal?.formError}</ErrorText>
        </>
      ) : null}
    </div>
  );
}
