import type { Agent, ScenarioConfig } from "@rehearse/core";

/** Absolute paths of every `*.scenario.yaml` in this directory, sorted by name. */
export declare const exampleScenarioFiles: readonly string[];

/** Loads every example scenario; with `agent`, it replaces the agent under test in each. */
export declare function loadExampleScenarios(options?: { agent?: Agent }): Promise<ScenarioConfig[]>;
