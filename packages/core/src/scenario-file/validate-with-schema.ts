import type { z } from "zod";
import { closestMatch } from "../domain/did-you-mean.js";
import type { ScenarioDocument } from "./read-document.js";
import { formatFieldPath, ScenarioFileError } from "./scenario-file-error.js";
import { describe, schemaMessage } from "./schema-message.js";
import { type SchemaIssue, zodIssueToError } from "./zod-issue-to-error.js";

/** A schema problem with its full data path and, for unknown keys, the keys allowed there. */
export interface CheckedIssue extends SchemaIssue {
  /** For `unrecognized_keys`: every key the object at `path` accepts (for "did you mean"). */
  readonly allowed?: readonly string[];
}

/** The outcome of {@link checkSchema}. */
export type CheckResult<Output> = { success: true; data: Output } | { success: false; issues: CheckedIssue[] };

type Path = ReadonlyArray<PropertyKey>;
// The parts of zod's issue union read here; zod's own type is a wide union.
type ZodIssue = { code: string; path: PropertyKey[]; message: string } & Record<string, unknown>;

/**
 * Parses `value` with `schema` and returns one issue per real problem:
 * union failures are narrowed to the branch the value was meant for (the one
 * knowing most of its keys), an unknown discriminator becomes "unknown type …
 * (did you mean …?)", and unknown keys carry the allowed keys.
 *
 * @example
 * const result = checkSchema(scenarioFileSchema, document.value);
 * if (!result.success) errors.push(...result.issues.map((issue) => issueToError(issue, file, document.locate)));
 */
export function checkSchema<Schema extends z.ZodType>(schema: Schema, value: unknown): CheckResult<z.output<Schema>> {
  const result = schema.safeParse(value, { error: schemaMessage });
  if (result.success) return { success: true, data: result.data };
  const issues = flatten(result.error.issues as unknown as ZodIssue[], schema as unknown as SchemaNode, value, []).map((issue) =>
    issue.code === "unrecognized_keys" ? { ...issue, allowed: allowedKeysAt(schema, value, issue.path) } : issue,
  );
  return { success: false, issues: pairUnknownWithMissing(issues, value) };
}

/** A checked issue as a located {@link ScenarioFileError}; `prefix` is prepended when the value was checked on its own. */
export function issueToError(issue: CheckedIssue, file: string, locate: ScenarioDocument["locate"], prefix: Path = []) {
  const shifted = { ...issue, path: [...prefix, ...issue.path] };
  return zodIssueToError(shifted, file, locate, () => issue.allowed ?? []);
}

/** An error at a data path of the document (at its nearest existing parent when the node is missing). */
export function errorAt(file: string, locate: ScenarioDocument["locate"], path: Path, problem: string, cause?: unknown) {
  for (let length = path.length; length >= 0; length--) {
    const position = locate(path.slice(0, length));
    if (position) return new ScenarioFileError(problem, { file, field: fieldName(path), ...position, cause });
  }
  return new ScenarioFileError(problem, { file, field: fieldName(path), cause });
}

function fieldName(path: Path): string | undefined {
  return path.length > 0 ? formatFieldPath(path) : undefined;
}

function flatten(issues: readonly ZodIssue[], schema: SchemaNode, root: unknown, prefix: Path): CheckedIssue[] {
  return withoutShadowedBounds(issues).flatMap((issue): CheckedIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== "invalid_union") return [{ code: issue.code, path, message: issue.message, keys: keysOf(issue) }];
    if (issue.note === "No matching discriminator") return [unknownDiscriminator(issue, root, path)];
    const branch = meantBranch((issue.errors as ZodIssue[][] | undefined) ?? [], schema, root, path);
    // No branch or several fit equally: the union's own message says which forms there are.
    return branch ? flatten(branch, schema, root, path) : [{ code: issue.code, path, message: issue.message }];
  });
}

/**
 * zod's `int()` checks the safe-integer range beside the schema's own bound,
 * so `seed: 1e21` fails both: keep the schema's (tighter) one.
 */
function withoutShadowedBounds(issues: readonly ZodIssue[]): ZodIssue[] {
  const safeBound = (issue: ZodIssue) =>
    (issue.code === "too_big" && issue.maximum === Number.MAX_SAFE_INTEGER) ||
    (issue.code === "too_small" && issue.minimum === Number.MIN_SAFE_INTEGER);
  return issues.filter(
    (issue) =>
      !(
        safeBound(issue) &&
        issues.some((other) => other !== issue && other.code === issue.code && samePath(other.path, issue.path))
      ),
  );
}

/**
 * One unknown key beside one missing required key of the same object is
 * most likely that key misspelt (`when:` for `at:`): report the unknown key
 * first, with the missing one as its hint, then the missing key.
 */
function pairUnknownWithMissing(issues: readonly CheckedIssue[], root: unknown): CheckedIssue[] {
  const missingOf = (unknown: CheckedIssue) =>
    issues.filter(
      (issue) =>
        issue.code === "invalid_type" &&
        issue.path.length === unknown.path.length + 1 &&
        samePath(issue.path.slice(0, -1), unknown.path) &&
        valueAt(root, issue.path) === undefined,
    );
  const pairs = new Map<CheckedIssue, CheckedIssue>();
  for (const issue of issues) {
    if (issue.code !== "unrecognized_keys" || issue.keys?.length !== 1) continue;
    const [missing, ...more] = missingOf(issue);
    if (missing && more.length === 0 && !pairs.has(missing)) pairs.set(missing, issue);
  }
  const paired = new Set(pairs.values());
  return issues.flatMap((issue): CheckedIssue[] => {
    if (paired.has(issue)) return [];
    const unknown = pairs.get(issue);
    return unknown ? [{ ...unknown, missing: [String(issue.path.at(-1))] }, issue] : [issue];
  });
}

function samePath(left: Path, right: Path): boolean {
  return left.length === right.length && left.every((segment, index) => segment === right[index]);
}

/**
 * The failed union branch the value was meant for: for a mapping, the one
 * knowing most of its keys; for a scalar, the one of the right type. None
 * when that is not a single branch.
 */
function meantBranch(branches: ZodIssue[][], schema: SchemaNode, root: unknown, path: Path): ZodIssue[] | undefined {
  const input = valueAt(root, path);
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    const typed = branches.filter((branch) => !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0));
    return typed.length === 1 ? typed[0] : undefined;
  }
  const [union] = nodesAt(schema, root, path, true);
  const keys = Object.keys(input);
  const scores = branches.map((_, index) => {
    const option = union?.def.options?.[index];
    if (!option) return 0;
    const known = new Set(nodesAt(option, input, []).flatMap((node) => Object.keys(node.def.shape ?? {})));
    return keys.filter((key) => known.has(key)).length;
  });
  const best = Math.max(0, ...scores);
  const winners = scores.flatMap((score, index) => (score === best ? [index] : []));
  return best > 0 && winners.length === 1 ? branches[winners[0] as number] : undefined;
}

function keysOf(issue: ZodIssue): string[] | undefined {
  return Array.isArray(issue.keys) ? (issue.keys as string[]) : undefined;
}

function unknownDiscriminator(issue: ZodIssue, root: unknown, path: Path): CheckedIssue {
  const options = ((issue.options as unknown[] | undefined) ?? []).map(String);
  const key = String(issue.discriminator ?? "type");
  const value = valueAt(root, path);
  const list = `valid ${key}s: ${options.join(", ")}`;
  if (value === undefined) return { code: issue.code, path, message: `missing; ${list}` };
  const suggestion = typeof value === "string" ? closestMatch(value, options) : undefined;
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
  return { code: issue.code, path, message: `unknown ${key} ${describe(value)}${hint}; ${list}` };
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

// ─── allowed keys: walk the schema along the data path ──────────────────────

interface SchemaNode {
  def: {
    type: string;
    shape?: Record<string, SchemaNode>;
    innerType?: SchemaNode;
    in?: SchemaNode;
    element?: SchemaNode;
    valueType?: SchemaNode;
    options?: SchemaNode[];
    discriminator?: string;
    getter?: () => SchemaNode;
  };
  _zod: { propValues?: Record<string, Set<unknown>> };
}

/** Keys the object schema(s) at `path` accept, given the data (which picks discriminated-union options). */
export function allowedKeysAt(schema: z.ZodType, root: unknown, path: Path): string[] {
  const keys = new Set<string>();
  for (const node of nodesAt(schema as unknown as SchemaNode, root, path)) {
    for (const key of Object.keys(node.def.shape ?? {})) keys.add(key);
  }
  return [...keys];
}

/** The schema nodes at `path`: object nodes, or with `unions` the (non-discriminated) union node itself. */
function nodesAt(schema: SchemaNode, value: unknown, path: Path, unions = false): SchemaNode[] {
  const node = unwrap(schema);
  const { def } = node;
  if (unions && path.length === 0) return def.type === "union" && def.discriminator === undefined ? [node] : [];
  if (def.type === "union") return options(node, value).flatMap((option) => nodesAt(option, value, path, unions));
  if (path.length === 0) return def.type === "object" ? [node] : [];
  const [segment, ...rest] = path;
  const child =
    typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[segment as PropertyKey] : undefined;
  if (def.type === "object") {
    const next = def.shape?.[String(segment)];
    return next ? nodesAt(next, child, rest, unions) : [];
  }
  if (def.type === "array" && def.element) return nodesAt(def.element, child, rest, unions);
  if (def.type === "record" && def.valueType) return nodesAt(def.valueType, child, rest, unions);
  return [];
}

function options(node: SchemaNode, value: unknown): SchemaNode[] {
  const all = node.def.options ?? [];
  const key = node.def.discriminator;
  if (key === undefined || typeof value !== "object" || value === null) return all;
  const tag = (value as Record<string, unknown>)[key];
  const matching = all.filter((option) => unwrap(option)._zod.propValues?.[key]?.has(tag));
  return matching.length > 0 ? matching : all;
}

function unwrap(schema: SchemaNode): SchemaNode {
  let node = schema;
  for (;;) {
    const { def } = node;
    if (def.innerType) node = def.innerType;
    else if (def.type === "pipe" && def.in) node = def.in;
    else if (def.type === "lazy" && def.getter) node = def.getter();
    else return node;
  }
}
