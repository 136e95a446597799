/**
 * Strings that reach PostgreSQL `text` columns: PostgreSQL cannot store NUL,
 * so a NUL in a body field is the client's error (400 naming the field), not
 * a failed query (500).
 */
import { z } from "zod";

/** A string of at most `max` characters without NUL. */
export function storableText(max: number) {
  return z
    .string()
    .max(max)
    .refine((value) => !value.includes("\u0000"), "must not contain a NUL character");
}
