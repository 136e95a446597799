/**
 * One red-team attack on an agent (`rehearse redteam`): the scenario that
 * puts an attacker strategy and a judge around it, and the report the run
 * leaves, written to a file.
 */
export { writeRedTeamReport } from "../runner/red-team-report-file.js";
export {
  type RedTeamPlan,
  type RedTeamStrategyName,
  redTeamReportOf,
  redTeamReportPath,
  redTeamScenario,
  safeName,
} from "../runner/red-team-scenario.js";
