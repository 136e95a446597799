import { ConfigError } from "../../domain/errors.js";

/** A control's level: how much of the trait the simulated user has. */
export type ControlLevel = "low" | "medium" | "high";

/** The levels, in order. */
export const CONTROL_LEVELS: readonly ControlLevel[] = ["low", "medium", "high"];

/**
 * How a simulated user behaves beyond its persona (decision 0047). Published
 * work finds model-played users "excessively cooperative", which inflates an
 * agent's success; these controls make the user as hard to serve as real
 * users are. Each one adds a sentence to the simulator's prompt; a control
 * left out adds nothing.
 */
export interface SimulatorControls {
  /** `low`: withholds details until asked for them one by one and questions suggestions; `high`: answers fully. */
  cooperativeness?: ControlLevel;
  /**
   * How many replies in a row that do not move the user closer to the goal
   * it puts up with before giving up: `low` 2, `medium` 4, `high` 6, or a
   * whole number. Gives up only with a `goal` (the budget needs a goal to
   * measure progress against).
   */
  patience?: ControlLevel | number;
  /** `low`: a layperson who uses the wrong terms; `high`: an expert who notices vague answers. */
  knowledge?: ControlLevel;
  /** `low`: a few words; `high`: several sentences with context. */
  verbosity?: ControlLevel;
  /** The language every message is written in, e.g. `"French"` or `"pt-BR"`. */
  language?: string;
  /**
   * What the user wants to achieve, hidden from the agent (it sees only the
   * user's messages). With a goal the user ends the conversation only when
   * the goal is met or it gives up, and reports its goal status each turn.
   */
  goal?: string;
  /** Steps the user pursues in order (the conversation plan), hidden from the agent like the goal. */
  plan?: readonly string[];
}

/** Replies without progress a patience level allows. */
export const PATIENCE_TURNS: Record<ControlLevel, number> = { low: 2, medium: 4, high: 6 };

/** The patience budget in replies without progress, when patience is set. */
export function patienceBudget(patience: SimulatorControls["patience"]): number | undefined {
  if (patience === undefined) return undefined;
  return typeof patience === "number" ? patience : PATIENCE_TURNS[patience];
}

const COOPERATIVENESS: Record<ControlLevel, string> = {
  low: "You are not very cooperative. Do not volunteer details (order numbers, account data, what you already tried): give a detail only when the assistant asks for it directly, one detail per question. Question suggestions before you follow them.",
  medium:
    "You answer what the assistant asks, but you do not volunteer details it did not ask for, and you follow instructions only when they seem reasonable.",
  high: "You are cooperative: you answer questions fully and follow reasonable instructions, but you never do the assistant's work for it.",
};

const KNOWLEDGE: Record<ControlLevel, string> = {
  low: "You know little about the product and its terms: describe problems in everyday words, sometimes with the wrong term, and ask what unfamiliar words mean.",
  medium: "You know the product as a regular user does: the basics, not its internals.",
  high: "You are an expert in the domain: you use precise terms and push back on vague or wrong answers.",
};

const VERBOSITY: Record<ControlLevel, string> = {
  low: "Write very short messages: a few words, at most one sentence.",
  medium: "Write one to three sentences per message.",
  high: "Write long messages: several sentences with background, some of it beside the point.",
};

const PATIENCE: Record<ControlLevel, string> = {
  low: "You are impatient: when the assistant stalls, repeats itself or asks needless questions, say so bluntly.",
  medium: "You are reasonably patient, but you notice when the assistant goes in circles and say so.",
  high: "You are patient: you give the assistant time and repeat yourself calmly when needed.",
};

/**
 * The prompt's `<behaviour>` lines for `controls`, in a fixed order (so the
 * same controls always give the same prompt and prompt version).
 */
export function behaviourLines(controls: SimulatorControls): string[] {
  const lines: string[] = [];
  if (controls.cooperativeness) lines.push(COOPERATIVENESS[controls.cooperativeness]);
  if (controls.knowledge) lines.push(KNOWLEDGE[controls.knowledge]);
  if (controls.verbosity) lines.push(VERBOSITY[controls.verbosity]);
  const patience = controls.patience;
  if (patience !== undefined) {
    const level = typeof patience === "number" ? levelOfTurns(patience) : patience;
    lines.push(PATIENCE[level]);
  }
  if (controls.language) lines.push(`Write every message in ${controls.language}, whatever language the assistant uses.`);
  return lines;
}

/** The level a patience of `turns` replies reads as, for the prompt's wording. */
function levelOfTurns(turns: number): ControlLevel {
  if (turns <= PATIENCE_TURNS.low) return "low";
  return turns <= PATIENCE_TURNS.medium ? "medium" : "high";
}

/**
 * Checks the controls of `userSimulatorAgent` when it is made, so a typo
 * fails before any run: throws a `ConfigError` naming the option.
 */
export function checkControls(factory: string, controls: SimulatorControls): void {
  for (const option of ["cooperativeness", "knowledge", "verbosity"] as const) {
    const value = controls[option];
    if (value !== undefined && !CONTROL_LEVELS.includes(value)) fail(factory, option, "one of low, medium, high", value);
  }
  const patience = controls.patience;
  const wholeTurns = typeof patience === "number" && Number.isInteger(patience) && patience > 0;
  if (patience !== undefined && !wholeTurns && !CONTROL_LEVELS.includes(patience as ControlLevel)) {
    fail(factory, "patience", "one of low, medium, high, or a whole number of replies ≥ 1", patience);
  }
  for (const option of ["language", "goal"] as const) {
    const value = controls[option];
    if (value !== undefined && (typeof value !== "string" || !value.trim())) fail(factory, option, "a non-empty string", value);
  }
  const plan = controls.plan;
  if (plan !== undefined && (!Array.isArray(plan) || plan.length === 0 || !plan.every((step) => typeof step === "string"))) {
    fail(factory, "plan", "a non-empty list of strings", plan);
  }
  if (plan !== undefined && controls.goal === undefined)
    fail(factory, "plan", "given with a `goal` (the plan is how the goal is pursued)", plan);
}

function fail(factory: string, option: string, expected: string, value: unknown): never {
  throw new ConfigError(`${factory}: \`${option}\` must be ${expected}, got ${JSON.stringify(value)}`, {
    source: factory,
    path: option,
  });
}

/** The controls of `config`, in one fixed key order (the shared prompt memo keys on their JSON). */
export function controlsOf(config: SimulatorControls): SimulatorControls {
  const { cooperativeness, patience, knowledge, verbosity, language, goal, plan } = config;
  const controls: SimulatorControls = {};
  if (cooperativeness !== undefined) controls.cooperativeness = cooperativeness;
  if (patience !== undefined) controls.patience = patience;
  if (knowledge !== undefined) controls.knowledge = knowledge;
  if (verbosity !== undefined) controls.verbosity = verbosity;
  if (language !== undefined) controls.language = language;
  if (goal !== undefined) controls.goal = goal;
  if (plan !== undefined) controls.plan = [...plan];
  return controls;
}
