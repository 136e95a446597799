import type { Agent } from "../domain/agent.js";
import { type Difficulty, difficulties } from "../domain/declarative.js";
import { closestMatch } from "../domain/did-you-mean.js";
import { ConfigError } from "../domain/errors.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";

/** What every builder takes. */
export interface BuilderBase {
  name: string;
  description: string;
  /** The agent under test (role `Agent`). */
  agent: Agent;
  tags?: string[];
  difficulty?: Difficulty;
}

/** Argument checks that throw `ConfigError` naming the builder and the argument. */
export function checker(source: string) {
  const fail = (message: string, path: string): never => {
    throw new ConfigError(`${source}: ${message}`, { source, path });
  };
  const texts = (value: unknown, path: string, minimum: number): string[] => {
    if (!Array.isArray(value)) return fail(`${path} must be an array of strings`, path);
    if (value.length < minimum) fail(`${path} needs at least ${minimum} entr${minimum === 1 ? "y" : "ies"}`, path);
    value.forEach((text, index) => {
      if (typeof text !== "string" || text.trim() === "")
        fail(`${path}[${index}] must be a non-empty string`, `${path}[${index}]`);
    });
    return value as string[];
  };
  const oneOf = <Value extends string>(value: unknown, allowed: readonly Value[], path: string): Value => {
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as Value;
    const suggestion = typeof value === "string" ? closestMatch(value, allowed, 3) : undefined;
    return fail(
      `${path} ${JSON.stringify(value)} is not one of ${allowed.join(", ")}${suggestion ? `. Did you mean "${suggestion}"?` : ""}`,
      path,
    );
  };
  return {
    fail,
    texts,
    oneOf,
    integer(value: unknown, path: string, minimum: number): number {
      if (typeof value !== "number" || !Number.isInteger(value) || value < minimum)
        fail(`${path} must be an integer ≥ ${minimum}, got ${String(value)}`, path);
      return value as number;
    },
    probability(value: unknown, path: string): number {
      if (typeof value !== "number" || !(value >= 0 && value <= 1))
        fail(`${path} must be a number from 0 to 1, got ${String(value)}`, path);
      return value as number;
    },
    base(options: BuilderBase): Omit<ScenarioConfig, "scenarioType"> {
      if (typeof options.name !== "string" || options.name.trim() === "") fail("name must be a non-empty string", "name");
      if (typeof options.description !== "string" || options.description.trim() === "") {
        fail("description must be a non-empty string", "description");
      }
      const agent = options.agent;
      if (typeof agent?.call !== "function") fail("agent must be an agent (an object with a call function)", "agent");
      if (agent.role !== AgentRole.AGENT)
        fail(`agent must have role "${AgentRole.AGENT}" (the agent under test), got ${JSON.stringify(agent.role)}`, "agent");
      const tags = options.tags === undefined ? undefined : texts(options.tags, "tags", 0);
      const difficulty = options.difficulty === undefined ? undefined : oneOf(options.difficulty, difficulties, "difficulty");
      return {
        name: options.name,
        description: options.description,
        agents: [agent],
        ...(tags ? { tags: [...tags] } : {}),
        ...(difficulty ? { difficulty } : {}),
      };
    },
  };
}
