/**
 * Errors as RFC 9457 problem JSON (`application/problem+json`): `type`,
 * `title`, `status`, `detail`, a stable `code` clients branch on, and the
 * field path when a body or query was refused. Bad input is always a 4xx;
 * a 5xx means the server failed.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";

/** The stable codes. */
export type ProblemCode =
  | "validation_error"
  | "invalid_json"
  | "unsupported_media_type"
  | "payload_too_large"
  | "unauthorized"
  | "forbidden"
  | "csrf_failed"
  | "sso_failed"
  | "too_many_requests"
  | "not_found"
  | "conflict"
  | "not_controllable"
  | "already_settled"
  | "no_cassette"
  | "idempotency_key_reused"
  | "guard_failed"
  | "guard_inconclusive"
  | "method_not_allowed"
  | "not_ready"
  | "unavailable"
  | "not_implemented"
  | "internal_error";

const titles: Record<ProblemCode, string> = {
  validation_error: "The request is not valid",
  invalid_json: "The body is not valid JSON",
  unsupported_media_type: "Unsupported content type",
  payload_too_large: "The body is too large",
  unauthorized: "A valid API key is required",
  forbidden: "Not allowed",
  csrf_failed: "The CSRF token is missing or wrong",
  sso_failed: "Single sign-on failed",
  too_many_requests: "Too many attempts",
  not_found: "Not found",
  conflict: "Conflict",
  not_controllable: "Only runs launched by this server can be controlled",
  already_settled: "Already finished",
  no_cassette: "The run has no cassette",
  idempotency_key_reused: "The Idempotency-Key was used for another request",
  guard_failed: "The release guard failed",
  guard_inconclusive: "The release guard could not decide",
  method_not_allowed: "Method not allowed",
  not_ready: "Not ready",
  unavailable: "Temporarily unavailable",
  not_implemented: "Not implemented yet",
  internal_error: "Internal error",
};

/** The problem document's schema (for the OpenAPI document). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    field: z.string().optional(),
  })
  .meta({ id: "Problem" });

/** The OpenAPI description of a problem-JSON response (for routes' `responses`). */
export function problemResponse(description: string) {
  return { description, content: { "application/problem+json": { schema: problemSchema } } };
}

/** A problem response. */
export function problem(
  context: Context,
  status: ContentfulStatusCode,
  code: ProblemCode,
  detail: string,
  extra: { field?: string; headers?: Record<string, string>; members?: Record<string, unknown> } = {},
): Response {
  const body = {
    // RFC 9457 extension members (e.g. the guard's evaluation) first, so the standard members always win
    ...extra.members,
    type: `https://rehearse.dev/problems/${code.replaceAll("_", "-")}`,
    title: titles[code],
    status,
    detail,
    code,
    ...(extra.field ? { field: extra.field } : {}),
  };
  return context.body(JSON.stringify(body), status, { "content-type": "application/problem+json", ...extra.headers });
}

/** `a.b[2].c` from a zod issue path. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`))
    .join("");
}

/** A problem for the first issue of a zod error, naming `where` (body, query, path) and the field. */
export function validationProblem(context: Context, where: string, error: z.ZodError): Response {
  const issue = error.issues[0];
  const field = issue ? fieldPath(issue.path) : "";
  const detail = issue ? `${where}${field ? `.${field}` : ""}: ${issue.message}` : `${where} is not valid`;
  return problem(context, 400, "validation_error", detail, field ? { field } : {});
}
