import type { ScriptStep } from "../domain/scenario.js";
import { seedStep } from "../script/seed-steps.js";
import { agent, fail, judge, message, proceed, succeed, user } from "../script/steps.js";
import type { ReportProblem } from "./build-agents.js";
import type { ScenarioFileData } from "./schema.js";
import { messageOfStep } from "./schema-message-step.js";
import { isSeedStepObject } from "./schema-steps.js";

/** Which optional agents the file configures (steps that need one are rejected here, at their line). */
interface AvailableAgents {
  readonly simulator: boolean;
  /** True when the file's `judge:` has criteria, which a `judge` step without criteria grades. */
  readonly judgeCriteria: boolean;
}

/**
 * The file's `script` as script steps: seed steps through `seedStep`, DSL
 * steps through the DSL factories. Undefined when the file has no script
 * (the run's default, `[proceed()]`, applies).
 */
export function compileScript(
  data: ScenarioFileData,
  available: AvailableAgents,
  report: ReportProblem,
): ScriptStep[] | undefined {
  return data.script?.map((step, index): ScriptStep => {
    const path = ["script", index];
    if (isSeedStepObject(step)) return seedStep(step);
    switch (step.type) {
      case "user":
        if (step.content === undefined && !available.simulator) {
          report(path, "a user step without content needs a user simulator: add user: { simulator: {} } or give content");
        }
        return user(step.content);
      case "agent":
        return agent(step.content);
      case "judge":
        // With criteria it is a checkpoint (graded by the file's judge, or one made for it); without, the final verdict.
        if (step.criteria === undefined && !available.judgeCriteria) {
          report(
            path,
            "a judge step without criteria asks the judge for its final verdict on judge.criteria: add judge: { criteria: [...] }, or give the step criteria",
          );
        }
        return judge(step.criteria === undefined ? undefined : { criteria: step.criteria });
      case "proceed":
        return proceed(step.turns);
      case "succeed":
        return succeed(step.reasoning);
      case "fail":
        return fail(step.reasoning);
      case "message":
        return message(messageOfStep(step));
      default:
        return step satisfies never;
    }
  });
}
