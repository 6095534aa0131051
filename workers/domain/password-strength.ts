/**
 * Refuses passwords that are common, breached or easy to guess (OWASP ASVS 5.0, V6.2.4 and
 * V6.2.11). zxcvbn-ts estimates how many guesses a password takes against its dictionary
 * of about 49,000 passwords seen most often in breaches, keyboard patterns, repeats,
 * sequences, dates, l33t spellings and the account's own name and email; anything under
 * 10^8 guesses is refused, which covers every listed password and the usual variations on
 * one ("Password123!"). See docs/decisions/002-password-hashing.md.
 *
 * Only the API imports this (the site shows the API's field error): it keeps the dictionary
 * out of the site's bundles.
 */
import { ZxcvbnFactory, type ZxcvbnResult } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { PASSWORD_MAX_LENGTH } from "./password-policy";

/** zxcvbn's score 3: at least 10^8 guesses ("safely unguessable" online, decent offline against Argon2id). */
export const PASSWORD_MIN_SCORE = 3;

/** Words that make a password guessable for this store, whoever's account it is. */
const STORE_WORDS = ["edgeware", "storefront"];

let checker: ZxcvbnFactory | undefined;

// Building the ranked dictionaries takes tens of milliseconds: once per isolate, on first use
// rather than at start-up, which every request of a fresh isolate would wait for.
function zxcvbn(): ZxcvbnFactory {
  // No Levenshtein matching: it compares the whole password with every dictionary word,
  // about 50 ms a check, where the rest takes one or two. Capping l33t substitutions halves
  // the worst case (a long password of l33t characters) to tens of milliseconds.
  checker ??= new ZxcvbnFactory({
    dictionary,
    graphs: adjacencyGraphs,
    maxLength: PASSWORD_MAX_LENGTH,
    l33tMaxSubstitutions: 20,
  });
  return checker;
}

const WEAK = "This password is too easy to guess";
const ADVICE = "Try a few unrelated words, or a longer phrase only you would think of.";

function reason(warning: ZxcvbnResult["feedback"]["warning"]): string {
  switch (warning) {
    case "topTen":
    case "topHundred":
    case "common":
    case "pwned":
      return "it is one of the most common passwords, found in data breaches";
    case "similarToCommon":
      return "it is a small change to one of the most common passwords";
    case "userInputs":
      return "it contains your name, your email address or the store's name";
    case "straightRow":
    case "keyPattern":
      return "it follows a pattern of keys on the keyboard";
    case "simpleRepeat":
    case "extendedRepeat":
      return "it repeats characters or words";
    case "sequences":
      return "it is built on a sequence such as abc or 1234";
    case "recentYears":
    case "dates":
      return "it is built on a date or a year";
    default:
      return "it is made of common words or patterns";
  }
}

/**
 * Why `password` is refused, as a sentence for the form, or null if it is strong enough.
 * `context` holds the account's own words (email, name), which make a password guessable.
 */
export function passwordWeakness(password: string, context: readonly string[] = []): string | null {
  const words = [...STORE_WORDS, ...context.flatMap((value) => [value, ...value.split(/[^\p{L}\p{N}]+/u)])].filter(
    (word) => word.length >= 3,
  );
  const result = zxcvbn().check(password, words);
  if (result.score >= PASSWORD_MIN_SCORE) return null;
  return `${WEAK}: ${reason(result.feedback.warning)}. ${ADVICE}`;
}
