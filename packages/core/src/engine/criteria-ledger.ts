/**
 * Met and unmet criteria accumulated over a run's checkpoints and verdicts.
 * Each criterion appears once; its latest assessment wins (a criterion met
 * at one checkpoint and unmet at a later one is listed as unmet).
 */
export class CriteriaLedger {
  private readonly assessments = new Map<string, boolean>();
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
    if (this.assessments.size === 0) return names;
    for (const [name, assessment] of this.assessments) if (assessment === met) names.push(name);
    return names;
  }

  get hasUnmet(): boolean {
    for (const met of this.assessments.values()) if (!met) return true;
    return false;
  }

  copy(): CriteriaLedger {
    const clone = new CriteriaLedger();
    for (const [name, met] of this.assessments) clone.assessments.set(name, met);
    clone.skipped.push(...this.skipped);
    clone.checkpoints = this.checkpoints;
    return clone;
  }

  private set(name: string, met: boolean): void {
    // delete first so the order follows the latest assessment
    this.assessments.delete(name);
    this.assessments.set(name, met);
  }
}
