import { type Difficulty, difficulties, type ScenarioType, scenarioTypes } from "../domain/declarative.js";
import { closestMatch } from "../domain/did-you-mean.js";
import { ConfigError } from "../domain/errors.js";
import type { ScenarioConfig } from "../domain/scenario.js";

/**
 * Which scenarios a suite runs (U-OR-14: the suite's name is only a label,
 * these fields select). Every given criterion must hold; an absent one
 * selects everything.
 */
export interface SuiteFilter {
  /** Only scenarios of this type (or of any of these types); scenarios without a `scenarioType` never match. */
  scenarioType?: ScenarioType | ScenarioType[];
  /** Only scenarios of this difficulty (or of any of these); scenarios without a `difficulty` never match. */
  difficulty?: Difficulty | Difficulty[];
  /** Only scenarios carrying ALL of these tags (exact, case-sensitive); an empty list selects everything. */
  tags?: string[];
  /** Only scenarios whose name contains this text (ignoring case) or matches this regular expression. */
  grep?: string | RegExp;
  /** Also select scenarios with `isActive: false` (default false: the seed never runs inactive scenarios). */
  includeInactive?: boolean;
}

/**
 * The scenarios that pass `filter`, in their original order. Validates the
 * filter first: an unknown `scenarioType` or `difficulty` is a `ConfigError`
 * naming the field and the closest valid value.
 *
 * @example
 * filterScenarios(all, { scenarioType: "adversarial", tags: ["pii"] });
 * filterScenarios(all, { grep: /refund/i, includeInactive: true });
 * filterScenarios(all, { difficulty: ["hard", "extreme"] });
 */
export function filterScenarios(scenarios: readonly ScenarioConfig[], filter: SuiteFilter): ScenarioConfig[] {
  return scenarios.filter(compileFilter(filter, "filterScenarios"));
}

/** The filter checked once and turned into a predicate; `source` prefixes error messages (`runSuite`, …). */
export function compileFilter(filter: SuiteFilter, source: string): (scenario: ScenarioConfig) => boolean {
  const types = checkEnumeration(filter.scenarioType, scenarioTypeField, source);
  const levels = checkEnumeration(filter.difficulty, difficultyField, source);
  const tags = checkTags(filter.tags, source);
  const grep = checkGrep(filter.grep, source);
  const includeInactive = filter.includeInactive === true;
  return (scenario) =>
    (includeInactive || scenario.isActive !== false) &&
    (types === undefined || (scenario.scenarioType !== undefined && types.has(scenario.scenarioType))) &&
    (levels === undefined || (scenario.difficulty !== undefined && levels.has(scenario.difficulty))) &&
    tags.every((tag) => scenario.tags?.includes(tag) ?? false) &&
    (grep === undefined || grep(String(scenario.name ?? "")));
}

/**
 * A short label for a filter, used as a suite's default name:
 * `adversarial`, `business+stress tags=pii`, `adversarial difficulty=hard`, `all`.
 */
export function describeFilter(filter: SuiteFilter): string {
  const parts: string[] = [];
  const types = filter.scenarioType === undefined ? [] : [filter.scenarioType].flat();
  if (types.length > 0) parts.push(types.join("+"));
  const levels = filter.difficulty === undefined ? [] : [filter.difficulty].flat();
  if (levels.length > 0) parts.push(`difficulty=${levels.join(",")}`);
  if (filter.tags && filter.tags.length > 0) parts.push(`tags=${filter.tags.join(",")}`);
  if (filter.grep !== undefined) parts.push(`grep=${String(filter.grep)}`);
  if (filter.includeInactive) parts.push("including inactive");
  return parts.length > 0 ? parts.join(" ") : "all";
}

/** A filter field whose values come from a closed list. */
interface EnumerationField {
  readonly name: string;
  /** What one value is, for messages: `a scenario type`. */
  readonly noun: string;
  readonly values: readonly string[];
}

const scenarioTypeField: EnumerationField = { name: "scenarioType", noun: "a scenario type", values: scenarioTypes };
const difficultyField: EnumerationField = { name: "difficulty", noun: "a difficulty", values: difficulties };

function checkEnumeration(value: unknown, field: EnumerationField, source: string): Set<string> | undefined {
  if (value === undefined) return undefined;
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) return undefined;
  list.forEach((entry, index) => {
    if (typeof entry === "string" && field.values.includes(entry)) return;
    const path = Array.isArray(value) ? `${field.name}[${index}]` : field.name;
    const suggestion = typeof entry === "string" ? closestMatch(entry, field.values, 3) : undefined;
    const hint = suggestion ? ` Did you mean "${suggestion}"?` : "";
    throw new ConfigError(
      `${source}: ${path} ${JSON.stringify(entry)} is not ${field.noun} (${field.values.join(", ")}).${hint}`,
      { source, path },
    );
  });
  return new Set(list as string[]);
}

function checkTags(value: unknown, source: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(`${source}: tags must be an array of strings`, { source, path: "tags" });
  value.forEach((tag, index) => {
    if (typeof tag !== "string" || tag === "") {
      throw new ConfigError(`${source}: tags[${index}] must be a non-empty string`, { source, path: `tags[${index}]` });
    }
  });
  return value as string[];
}

function checkGrep(value: unknown, source: string): ((name: string) => boolean) | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") {
    const needle = value.toLowerCase();
    return (name) => name.toLowerCase().includes(needle);
  }
  if (value instanceof RegExp) {
    // without g/y, test() keeps no lastIndex between scenarios
    const pattern = new RegExp(value.source, value.flags.replace(/[gy]/g, ""));
    return (name) => pattern.test(name);
  }
  throw new ConfigError(`${source}: grep must be a string or a RegExp`, { source, path: "grep" });
}
