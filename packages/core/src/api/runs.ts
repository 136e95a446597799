/**
 * Running scenarios: a context (`createRehearse`) with its configuration and
 * logger, and suites (`runSuite`: filters, seeds, repeats and pass^k over the
 * context's `runMany`).
 */
export type { RehearseConfig } from "../runner/config.js";
export type { Logger } from "../runner/logger.js";
export { createRehearse, type Rehearse } from "../runner/rehearse.js";
export { runSuite, type SuiteResult, type SuiteRun } from "../suites/run-suite.js";
