import type { ContractBreach, GraphHop, NodeContract } from "../domain/graph.js";
import type { SchemaValidator } from "../environment/json-schema-validator.js";
import type { CriteriaJudge } from "./contract-criteria.js";

/** Compiled contract schemas, per schema object (a graph's schemas are compiled once, on first use). */
const compiled = new WeakMap<object, SchemaValidator>();

/**
 * The rules of `contract` that visit `hop` broke: payload and output against
 * their JSON Schemas (the project's Ajv), tools outside the allowed ones,
 * a handoff to a node not allowed, texts the reply must or must not
 * contain, the latency, token and cost budgets, and the natural-language
 * `criteria` (graded by `judge`, the run's judge model).
 */
export function checkContract(
  node: string,
  contract: NodeContract | undefined,
  hop: GraphHop,
  judge?: () => CriteriaJudge,
): ContractBreach[] | Promise<ContractBreach[]> {
  if (!contract) return [];
  // schemas need Ajv (loaded on first use) and criteria a model: only then is the check asynchronous
  if (contract.input || contract.output || (contract.criteria?.length && judge)) return checkAsync(node, contract, hop, judge);
  return checkRules(node, contract, hop, []);
}

async function checkAsync(
  node: string,
  contract: NodeContract,
  hop: GraphHop,
  judge: (() => CriteriaJudge) | undefined,
): Promise<ContractBreach[]> {
  const breaches: ContractBreach[] = [];
  const breach = (rule: ContractBreach["rule"], detail: string) => breaches.push({ node, turn: hop.turn, rule, detail });
  if (contract.input) {
    const problems = (await validatorOf(contract.input))(asValue(hop.payload));
    if (problems.length > 0) breach("input", `the payload handed to it ${describe(problems)}`);
  }
  if (contract.output) {
    const output = hop.handoff ? hop.handoff.payload : asValue(hop.reply);
    const problems = (await validatorOf(contract.output))(output);
    if (problems.length > 0) breach("output", `its output ${describe(problems)}`);
  }
  checkRules(node, contract, hop, breaches);
  if (contract.criteria?.length && judge) breaches.push(...(await judge()(node, contract.criteria, hop)));
  return breaches;
}

/** The rules that need no schema or model: tools, handoffs, must / must not, latency, tokens, cost. */
function checkRules(node: string, contract: NodeContract, hop: GraphHop, breaches: ContractBreach[]): ContractBreach[] {
  const breach = (rule: ContractBreach["rule"], detail: string) => breaches.push({ node, turn: hop.turn, rule, detail });
  if (contract.tools) {
    const allowed = new Set(contract.tools);
    for (const tool of new Set(hop.toolCalls))
      if (!allowed.has(tool)) breach("tools", `called ${tool}, not among its tools (${contract.tools.join(", ") || "none"})`);
  }
  if (contract.handoffs && hop.handoff && !contract.handoffs.includes(hop.handoff.to))
    breach("handoffs", `handed off to ${hop.handoff.to}, not among ${contract.handoffs.join(", ") || "none"}`);
  const reply = hop.reply ?? "";
  for (const rule of contract.must ?? []) if (!matches(rule, reply)) breach("must", `its reply does not contain ${show(rule)}`);
  for (const rule of contract.mustNot ?? []) if (matches(rule, reply)) breach("mustNot", `its reply contains ${show(rule)}`);
  if (contract.latencyMs !== undefined && hop.durationMs > contract.latencyMs)
    breach("latencyMs", `took ${Math.round(hop.durationMs)} ms, over its ${contract.latencyMs} ms budget`);
  const usage = hop.usage;
  if (contract.tokens !== undefined && usage && usage.tokens > contract.tokens)
    breach("tokens", `used ${usage.tokens} tokens in ${usage.calls} model call(s), over its ${contract.tokens} token budget`);
  if (contract.costUsd !== undefined && usage) {
    if (usage.costUsd === null)
      breach("costUsd", "its cost cannot be checked: a model it called has no price (add one in the config's prices)");
    else if (usage.costUsd > contract.costUsd)
      breach("costUsd", `cost $${usage.costUsd.toFixed(6)}, over its $${contract.costUsd} budget`);
  }
  return breaches;
}

async function validatorOf(schema: Record<string, unknown>): Promise<SchemaValidator> {
  let validator = compiled.get(schema);
  if (!validator) {
    const { compileJsonSchema } = await import("../environment/json-schema-validator.js");
    validator = compileJsonSchema(schema);
    compiled.set(schema, validator);
  }
  return validator;
}

/** A reply that is JSON is checked as the value it encodes; other text as the string. */
function asValue(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  if (!/^[[{"]/.test(trimmed)) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

function describe(problems: readonly { pointer: string; message: string }[]): string {
  const [first] = problems;
  return `breaks its schema at ${first?.pointer || "(root)"}: ${first?.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`;
}

function matches(rule: string | RegExp, reply: string): boolean {
  return typeof rule === "string" ? reply.toLowerCase().includes(rule.toLowerCase()) : rule.test(reply);
}

function show(rule: string | RegExp): string {
  return typeof rule === "string" ? JSON.stringify(rule) : String(rule);
}
