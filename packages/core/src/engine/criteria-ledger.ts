/**
 * Met and unmet criteria accumulated over a run's checkpoints and verdicts.
 * Each criterion appears once; its latest assessment wins (a criterion met
 * at one checkpoint and unmet at a later one is listed as unmet).
 */
export class CriteriaLedger {
  /** Made on the first assessment: a run in flight that has none holds no map. */
  private assessments: Map<string, boolean> | undefined;
  /** Reasons that left part of the run undecided (e.g. no judge model). */
  readonly skipped: string[] = [];
  checkpoints = 0;

  record(met: readonly string[], unmet: readonly string[]): void {
    for (const name of met) this.set(name, true);
    for (const name of unmet) this.set(name, false);
  }

  get met(): string[] {
    return this.names(true);
  }

  get unmet(): string[] {
    return this.names(false);
  }

  private names(met: boolean): string[] {
    const names: string[] = [];
    if (!this.assessments) return names;
    for (const [name, assessment] of this.assessments) if (assessment === met) names.push(name);
    return names;
  }

  get hasUnmet(): boolean {
    if (!this.assessments) return false;
    for (const met of this.assessments.values()) if (!met) return true;
    return false;
  }

  copy(): CriteriaLedger {
    const clone = new CriteriaLedger();
    if (this.assessments) clone.assessments = new Map(this.assessments);
    clone.skipped.push(...this.skipped);
    clone.checkpoints = this.checkpoints;
    return clone;
  }

  private set(name: string, met: boolean): void {
    // delete first so the order follows the latest assessment
    this.assessments ??= new Map();
    this.assessments.delete(name);
    this.assessments.set(name, met);
  }
}
