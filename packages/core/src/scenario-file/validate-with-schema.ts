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
  const issues = flatten(result.error.issues as unknown as ZodIssue[], schema as unknown as SchemaNode, value, []).map(
    (issue) => {
      if (issue.code !== "unrecognized_keys" || issue.allowed) return issue;
      // zod reports a union member's unknown keys without a union issue when that member failed only on them
      const reference = moduleReferenceForm(schema as unknown as SchemaNode, value, issue.path);
      return reference
        ? unknownKeysOfForm(issue, issue.path, reference)
        : { ...issue, allowed: allowedKeysAt(schema, value, issue.path) };
    },
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
    const meant = meantBranch((issue.errors as ZodIssue[][] | undefined) ?? [], schema, root, path);
    // No branch or several fit equally: the union's own message says which forms there are.
    if (!meant) return [{ code: issue.code, path, message: issue.message }];
    return flatten(meant.issues, schema, root, path).map((inner) => unknownKeysOfForm(inner, path, meant.keys));
  });
}

/** The keys of the module-reference form at `path`, when the value there names a `module` and the schema has such a form. */
function moduleReferenceForm(schema: SchemaNode, root: unknown, path: Path): string[] | undefined {
  const value = valueAt(root, path);
  if (typeof value !== "object" || value === null || !("module" in value)) return undefined;
  const shapes = nodesAt(schema, root, path).map((node) => Object.keys(node.def.shape ?? {}));
  return shapes.find((keys) => keys.includes("module"));
}

/**
 * An unknown key of the union member the value was meant for is judged by
 * that member's keys alone: the union's other forms may accept it (a
 * module-referenced `environment` with `latency:`), so a hint drawn from them
 * would suggest the very key rejected. A module reference gets told it takes
 * only `module` and `export`, unless a key is a near miss of one of them.
 */
function unknownKeysOfForm(issue: CheckedIssue, unionPath: Path, formKeys: readonly string[]): CheckedIssue {
  if (issue.code !== "unrecognized_keys" || !samePath(issue.path, unionPath)) return issue;
  const keys = issue.keys ?? [];
  const nearMiss = keys.some((key) => closestMatch(key, formKeys) !== undefined);
  const [first] = keys;
  if (!formKeys.includes("module") || nearMiss || first === undefined) return { ...issue, allowed: formKeys };
  const listed = keys.map((key) => JSON.stringify(key)).join(", ");
  const them = keys.length === 1 ? first : "them";
  const others = formKeys.filter((key) => key !== "module");
  const takes = others.length > 0 ? `module and ${others.join(", ")}` : "module";
  return {
    code: "custom",
    path: [...issue.path, first],
    message: `unknown key${keys.length > 1 ? "s" : ""} ${listed}: a module reference takes only ${takes} (set ${them} in what the module exports)`,
  };
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
function meantBranch(
  branches: ZodIssue[][],
  schema: SchemaNode,
  root: unknown,
  path: Path,
): { issues: ZodIssue[]; keys: string[] } | undefined {
  const input = valueAt(root, path);
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    const typed = branches.filter((branch) => !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0));
    // a scalar has no keys of its own: unknown keys never come from its branch
    return typed.length === 1 ? { issues: typed[0] as ZodIssue[], keys: [] } : undefined;
  }
  const [union] = nodesAt(schema, root, path, true);
  const keys = Object.keys(input);
  const forms = branches.map((_, index) => {
    const option = union?.def.options?.[index];
    const shapes = option ? nodesAt(option, input, []).map((node) => node.def.shape ?? {}) : [];
    const known = new Set(shapes.flatMap((shape) => Object.keys(shape)));
    const required = new Set(
      shapes.flatMap((shape) => Object.entries(shape).flatMap(([key, node]) => (node.def.type === "optional" ? [] : [key]))),
    );
    // a tie on known keys goes to the form whose required keys the value has (`module` names a module reference)
    const score = keys.filter((key) => known.has(key)).length;
    return { score, tieBreak: keys.filter((key) => required.has(key)).length, keys: [...known] };
  });
  const best = Math.max(0, ...forms.map((form) => form.score));
  let winners = forms.flatMap((form, index) => (form.score === best ? [index] : []));
  if (winners.length > 1) {
    const most = Math.max(...winners.map((index) => forms[index]?.tieBreak ?? 0));
    winners = winners.filter((index) => forms[index]?.tieBreak === most);
  }
  const [winner] = winners;
  if (best === 0 || winners.length !== 1 || winner === undefined) return undefined;
  return { issues: branches[winner] as ZodIssue[], keys: forms[winner]?.keys ?? [] };
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
