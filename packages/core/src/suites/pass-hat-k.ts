/** Trials of one task (scenario): how often it ran and how often it passed. */
export interface TaskTrials {
  /** Number of runs counted for the task. */
  readonly trials: number;
  /** Runs that passed; at most `trials`. */
  readonly successes: number;
}

/**
 * τ-bench's pass^k: the chance that `k` runs of a task, drawn without
 * replacement from its recorded trials, all pass, averaged over the tasks.
 * Per task that is C(successes, k) / C(trials, k); `k = 1` is the mean
 * success rate, larger `k` rewards consistency rather than luck.
 *
 * Throws `RangeError` for an empty list, a `k` that is not a positive integer,
 * bad counts, or a task with fewer trials than `k` (the message names the task
 * index): pass^k cannot be estimated from fewer than `k` runs.
 *
 * @example
 * passHatK([{ trials: 4, successes: 2 }], 2); // 1/6
 * passHatK([{ trials: 4, successes: 4 }, { trials: 4, successes: 2 }], 1); // 0.75
 */
export function passHatK(tasks: readonly TaskTrials[], k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`passHatK: k must be an integer ≥ 1, got ${k}`);
  if (tasks.length === 0) throw new RangeError("passHatK: needs at least one task");
  let sum = 0;
  tasks.forEach((task, index) => {
    checkTask(task, index, k);
    sum += taskPassHatK(task.trials, task.successes, k);
  });
  return sum / tasks.length;
}

function checkTask(task: TaskTrials, index: number, k: number): void {
  const { trials, successes } = task;
  if (!Number.isInteger(trials) || trials < 0) {
    throw new RangeError(`passHatK: task ${index}: trials must be a non-negative integer, got ${trials}`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`passHatK: task ${index}: successes must be an integer from 0 to trials (${trials}), got ${successes}`);
  }
  if (k > trials) throw new RangeError(`passHatK: task ${index} has ${trials} trials, fewer than k = ${k}`);
}

/**
 * C(c, k) / C(n, k) as the product of (c − i) / (n − i) for i < k: the
 * factorials cancel, so nothing overflows and small cases stay exact.
 */
function taskPassHatK(trials: number, successes: number, k: number): number {
  if (successes < k) return 0;
  let ratio = 1;
  for (let index = 0; index < k; index++) ratio *= (successes - index) / (trials - index);
  return ratio;
}
