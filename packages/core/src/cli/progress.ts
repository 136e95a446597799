import type { Expectation } from "../domain/expectation.js";

/** How a run's end is shown: how it compares with what was expected, and its printed line. */
export interface FinishedRun {
  /** Marks the line: ✔ as expected, ✖ unexpected, ↓ undecided (skipped). */
  readonly outcome: Expectation["outcome"];
  readonly line: string;
}

/** Shows runs as they finish. */
export interface RunProgress {
  /** Planned run `index` finished. */
  finished(index: number, run: FinishedRun): void;
  /** Ends the display; planned runs that never finished are shown as not run. */
  close(): Promise<void>;
}

/**
 * One line per run as it finishes (`PASS   name  — reasoning`): for logs,
 * pipes and CI, where a redrawn display would be noise.
 *
 * @example
 * const progress = plainProgress((line) => process.stdout.write(`${line}\n`));
 */
export function plainProgress(print: (line: string) => void): RunProgress {
  return {
    finished: (_index, run) => print(run.line),
    close: async () => {},
  };
}

/**
 * A live display on a terminal (listr2): a spinner line per running run,
 * replaced by its status line when it finishes, marked ✔ when it ended as
 * expected and ✖ when not (a known flaw that failed gets ✔). `titles` are the planned
 * runs in order and `concurrency` the runner's, so lines start in the same
 * order as the runner starts runs. Runs not started yet are not shown.
 *
 * @example
 * ```ts
 * const progress = await liveProgress(["refund", "greeting"], 8);
 * progress.finished(1, { outcome: "as_expected", line: "PASS   greeting" });
 * await progress.close();
 * ```
 */
export async function liveProgress(
  titles: readonly string[],
  concurrency: number,
  options: { renderer?: "default" | "silent" } = {},
): Promise<RunProgress> {
  const { Listr } = await import("listr2");
  const outcomes = titles.map(() => deferred<FinishedRun | undefined>());
  const tasks = titles.map((title, index) => ({
    // untitled until started: listr2 leaves tasks without a title off the screen
    title: "",
    task: async (_context: unknown, task: { title: string; skip(message?: string): void }) => {
      task.title = title;
      const run = await (outcomes[index] as Deferred<FinishedRun | undefined>).promise;
      if (!run) return task.skip(`${title}  — not run`);
      task.title = run.line;
      if (run.outcome === "undecided") return task.skip(run.line);
      if (run.outcome === "unexpected") throw new Error(run.line);
    },
  }));
  const common = {
    concurrent: Math.max(1, concurrency),
    exitOnError: false,
    // Ctrl-C is the runner's to handle: it stops the runs, which end the tasks
    registerSignalListeners: false,
  };
  const rendererOptions = {
    collapseErrors: true,
    showErrorMessage: true,
    suffixSkips: false,
    collapseSkips: true,
    // one screen line per run: a wrapped reasoning would push the running ones off the screen
    formatOutput: "truncate" as const,
  };
  // tests render nothing; a terminal gets the default renderer
  const list =
    options.renderer === "silent"
      ? new Listr(tasks, { ...common, renderer: "silent" })
      : new Listr(tasks, { ...common, rendererOptions });
  const rendering = list.run().catch(() => undefined);
  return {
    finished: (index, run) => outcomes[index]?.resolve(run),
    close: async () => {
      for (const outcome of outcomes) outcome.resolve(undefined);
      await rendering;
    },
  };
}

interface Deferred<Value> {
  readonly promise: Promise<Value>;
  resolve(value: Value): void;
}

/** A promise resolved from outside; resolving twice keeps the first value. */
function deferred<Value>(): Deferred<Value> {
  let resolve: (value: Value) => void = () => {};
  const promise = new Promise<Value>((settle) => {
    resolve = settle;
  });
  return { promise, resolve: (value) => resolve(value) };
}
