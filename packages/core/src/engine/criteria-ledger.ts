/**
 * Met and unmet criteria accumulated over a run's checkpoints and verdicts.
 * Each criterion appears once; its latest assessment wins (a criterion met
 * at one checkpoint and unmet at a later one is listed as unmet).
 */
export class CriteriaLedger {
  /**
   * Criteria in the order of their latest assessment, and whether each was
   * met. Arrays rather than a map: a run has a handful of criteria, and
   * reading them makes no iterator or entry per criterion (this runs for every result).
   */
  private readonly names: string[] = [];
  private readonly verdicts: boolean[] = [];
  /** Reasons that left part of the run undecided (e.g. no judge model). */
  readonly skipped: string[] = [];
  checkpoints = 0;

  record(met: readonly string[], unmet: readonly string[]): void {
    for (const name of met) this.set(name, true);
    for (const name of unmet) this.set(name, false);
  }

  get met(): string[] {
    return this.assessed(true);
  }

  get unmet(): string[] {
    return this.assessed(false);
  }

  private assessed(met: boolean): string[] {
    const names: string[] = [];
    for (let index = 0; index < this.names.length; index++) {
      if (this.verdicts[index] === met) names.push(this.names[index] as string);
    }
    return names;
  }

  get hasUnmet(): boolean {
    return this.verdicts.includes(false);
  }

  copy(): CriteriaLedger {
    const clone = new CriteriaLedger();
    clone.names.push(...this.names);
    clone.verdicts.push(...this.verdicts);
    clone.skipped.push(...this.skipped);
    clone.checkpoints = this.checkpoints;
    return clone;
  }

  private set(name: string, met: boolean): void {
    // remove first so the order follows the latest assessment
    const index = this.names.indexOf(name);
    if (index >= 0) {
      this.names.splice(index, 1);
      this.verdicts.splice(index, 1);
    }
    this.names.push(name);
    this.verdicts.push(met);
  }
}
