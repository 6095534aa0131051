/** `node --import ./scripts/register-ts-resolve.ts …`: see ts-resolve.ts. */
import { register } from "node:module";

register("./ts-resolve.ts", import.meta.url);
