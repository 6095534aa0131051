/**
 * Argon2id at OWASP's first recommended configuration (19 MiB, 2 passes, 1 lane).
 * The parameters are stored inside each PHC-format hash, so raising them later only means
 * changing these numbers: older hashes still verify and are re-hashed at the next login.
 * See docs/decisions/002-password-hashing.md.
 */
export const ARGON2ID_PARAMS = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  hashLength: 32,
} as const;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
