import type { Injection, InjectionTemplate } from "../domain/declarative.js";
import { closestMatch } from "../domain/did-you-mean.js";
import { mergeTemplate } from "./flat-trigger.js";
import type { ScenarioDocument } from "./read-document.js";
import type { ScenarioFileError } from "./scenario-file-error.js";
import type { ScenarioFileData } from "./schema.js";
import { fileInjectionSchema } from "./schema-injections.js";
import { checkSchema, errorAt, issueToError } from "./validate-with-schema.js";

/** Where the injections of a validated file are, for error positions. */
interface InjectionContext {
  readonly file: string;
  readonly locate: ScenarioDocument["locate"];
  /** Templates passed by the caller; the file's own `injection_templates` win on a name clash. */
  readonly templates: readonly InjectionTemplate[];
}

/**
 * The file's injections as canonical `Injection`s: template references are
 * instantiated (the template's injection with the reference's fields on top,
 * then validated again, errors pointing into the reference). Errors for
 * duplicate template names and unknown templates are pushed to `errors`.
 */
export function compileInjections(data: ScenarioFileData, context: InjectionContext, errors: ScenarioFileError[]): Injection[] {
  const { file, locate } = context;
  const templates = new Map(context.templates.map((template) => [template.name, template.injection]));
  const own = new Set<string>();
  for (const [index, template] of (data.injection_templates ?? []).entries()) {
    if (own.has(template.name)) {
      errors.push(errorAt(file, locate, ["injection_templates", index, "name"], `template "${template.name}" is defined twice`));
    }
    own.add(template.name);
    templates.set(template.name, template.injection);
  }
  const key = data.injection_points === undefined ? "injections" : "injection_points";
  const entries = data.injections ?? data.injection_points ?? [];
  const injections: Injection[] = [];
  for (const [index, entry] of entries.entries()) {
    if (!("template" in entry)) {
      injections.push(entry);
      continue;
    }
    const path = [key, index];
    const { template: name, ...overrides } = entry as { template: string } & Record<string, unknown>;
    const template = templates.get(name);
    if (!template) {
      errors.push(errorAt(file, locate, [...path, "template"], unknownTemplate(name, [...templates.keys()])));
      continue;
    }
    const merged = mergeTemplate(template, overrides);
    // Named after the template unless it or the reference names it, so the injection log says where it came from.
    if (merged.name === undefined) merged.name = name;
    const result = checkSchema(fileInjectionSchema, merged);
    if (result.success) injections.push(result.data);
    else errors.push(...result.issues.map((issue) => issueToError(issue, file, locate, path)));
  }
  return injections;
}

function unknownTemplate(name: string, known: readonly string[]): string {
  if (known.length === 0) return `unknown template "${name}": no injection_templates are defined`;
  const suggestion = closestMatch(name, known);
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
  return `unknown template "${name}"${hint}; templates: ${known.join(", ")}`;
}
