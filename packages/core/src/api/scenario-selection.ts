/**
 * Choosing scenarios and naming them, without loading the runner (`rehearse
 * list` prints ids and applies filters; `rehearse run` selects with the same
 * filters before it runs anything).
 */

export { scenarioSlug } from "../runner/scenario-slug.js";
export { compileFilter, describeFilter, type SuiteFilter } from "../suites/filter-scenarios.js";
