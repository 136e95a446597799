import { countNoun } from "../domain/count-noun.js";

/**
 * The scenarios of a command that started and have not finished, by name:
 * what the `rehearse` process names when it finds itself with nothing left
 * to wait for while a run is still pending (exit code `stalled`).
 */
export class RunningScenarios {
  private readonly counts = new Map<string, number>();
  /** How many runs have finished so far: whether anything moved between two looks. */
  finishedCount = 0;

  started(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  finished(name: string): void {
    this.finishedCount++;
    const count = this.counts.get(name) ?? 0;
    if (count <= 1) this.counts.delete(name);
    else this.counts.set(name, count - 1);
  }

  /** The names in the order they started. */
  names(): string[] {
    return [...this.counts.keys()];
  }
}

/**
 * What the process prints when Node has nothing left to wait for (no timer,
 * socket or I/O) while the command's promise is still pending: Node would
 * otherwise exit 13 with no output at all.
 *
 * @example
 * stalledMessage(["refund flow"]);
 */
export function stalledMessage(names: readonly string[]): string {
  const which =
    names.length === 0
      ? "before any scenario started (loading a module or a config that never finishes?)"
      : `while ${names.length === 1 ? "this scenario was" : "these scenarios were"} still running: ${names.map((name) => `"${name}"`).join(", ")}`;
  return [
    `rehearse: the run can never finish: a promise never settled and nothing else was left to wait for, ${which}.`,
    "An agent, tool or step whose promise never resolves does this when its time limit is off: keep timeouts.agentCallMs / timeouts.scenarioMs above 0 (--timeout, timeout_seconds) so such a run ends as an error.",
  ].join("\n");
}

/**
 * What `rehearse run` prints on standard error, after its summary and
 * reports, when the runner ended `count` runs that could never finish
 * (`run_stalled`, every time limit off): the exit code is then 4.
 *
 * @example
 * stalledRunsLine(2); // "rehearse: 2 runs could never finish …"
 */
export function stalledRunsLine(count: number): string {
  return `rehearse: ${countNoun(count, "run")} could never finish (a promise never settled with every time limit off; ended as errors above): keep timeouts.agentCallMs / timeouts.scenarioMs above 0 (--timeout, timeout_seconds) so such a run ends at its limit.`;
}
