import type { Injection } from "../domain/declarative.js";
import type { Random } from "../engine/random.js";
import { armConcurrency } from "./concurrency-injection.js";
import { armSystemCondition, armToolError } from "./fault-injections.js";
import type { ArmedInjection } from "./injection-runtime.js";
import { armAdversarial, armFileUpload, armUserMessage } from "./message-injections.js";
import { armModelCondition, armModelError } from "./model-fault-injections.js";

/**
 * Arms a scenario's injections for one run. Each gets its own random stream
 * forked from the run's by its position, so adding an injection never changes
 * the draws of the others. Names default to `<type>#<index>`.
 *
 * @example
 * const armed = armInjections(config.injections ?? [], random.fork("injections"), (operation) => 0.1);
 */
export function armInjections(
  injections: readonly Injection[],
  random: Random,
  latencyOf: (operation: string) => number,
): ArmedInjection[] {
  return injections.map((injection, index) => {
    const name = injection.name ?? `${injection.type}#${index}`;
    const stream = random.fork(`injection-${index}`);
    const draw = () => stream.next();
    switch (injection.type) {
      case "user_message":
        return armUserMessage(name, injection, draw);
      case "adversarial":
        return armAdversarial(name, injection, draw);
      case "file_upload":
        return armFileUpload(name, injection, draw);
      case "tool_error":
        return injection.target === "model" ? armModelError(name, injection, draw) : armToolError(name, injection, draw);
      case "system_condition":
        return injection.target === "model" ? armModelCondition(name, injection) : armSystemCondition(name, injection);
      case "concurrency":
        return armConcurrency(name, injection, draw, latencyOf);
      default:
        return injection satisfies never;
    }
  });
}
