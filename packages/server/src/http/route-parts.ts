/**
 * What the read routes' OpenAPI definitions share: a JSON response, the
 * problems a read answers, and bearer-key security.
 */
import type { z } from "zod";
import { problemResponse } from "./problem.js";

/** A `200`-style response with a JSON body of `schema`. */
export function jsonResponse<Schema extends z.ZodType>(schema: Schema, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** The problems of a read: a bad query, no key, and not found (or another tenant's) in `notFound`'s words. */
export function readProblems(notFound = "Not found (or another tenant's)") {
  return {
    400: problemResponse("Invalid query"),
    401: problemResponse("No valid API key"),
    404: problemResponse(notFound),
  };
}

/** An API key in `Authorization: Bearer`. */
export const bearerSecurity = [{ bearer: [] }];
