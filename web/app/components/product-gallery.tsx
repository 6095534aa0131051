import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * The main image and its thumbnails. Each thumbnail is a link (?image=N), so the gallery
 * works without JavaScript; with it, a click swaps the image in place.
 */
export function ProductGallery({
  images,
  name,
  initial,
  variant = null,
}: {
  images: string[];
  name: string;
  initial: number;
  /** Kept in the thumbnails' links, so showing another image keeps the chosen variant. */
  variant?: string | null;
}) {
  const { t } = useTranslation();
  const [index, setIndex] = useState(initial);
  useEffect(() => setIndex(initial), [initial]);
  const current = images[index] ?? images[0];

  return (
    <div>
      <div className="aspect-square overflow-hidden rounded-xl border border-stone-200 bg-stone-100">
        {current ? (
          <img
            src={current}
            alt={images.length > 1 ? t("gallery.imageOf", { name, index: index + 1, total: images.length }) : name}
            width={800}
            height={800}
            // The page's largest paint: fetched ahead of every other image. (React 18 knows
            // no fetchPriority prop; the lower-case attribute reaches the HTML as it is.)
            {...{ fetchpriority: "high" }}
            className="size-full object-cover"
          />
        ) : (
          <div className="flex size-full items-center justify-center text-stone-500">{t("card.noImage")}</div>
        )}
      </div>
      {images.length > 1 ? (
        <ul className="mt-3 grid grid-cols-5 gap-2" aria-label={t("gallery.label")}>
          {images.map((image, i) => (
            <li key={image}>
              <Link
                to={`?${new URLSearchParams(variant ? { variant, image: String(i + 1) } : { image: String(i + 1) })}`}
                replace
                preventScrollReset
                aria-label={t("gallery.show", { index: i + 1, total: images.length })}
                aria-current={i === index ? "true" : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  setIndex(i);
                }}
                className={`block aspect-square overflow-hidden rounded-md border-2 ${
                  i === index ? "border-brand-700" : "border-transparent hover:border-stone-300"
                }`}
              >
                <img src={image} alt="" width={120} height={120} loading="lazy" className="size-full object-cover" />
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
