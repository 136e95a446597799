import { type AgentRole, allAgentRoles } from "../domain/roles.js";

/**
 * Who still has to act in the current turn. A turn calls roles in the order
 * user → agent → judge and, within a role, every agent of that role in list
 * order. `currentTurn` is 0-based.
 *
 * Roles are only ever finished from the front, so the pending roles are the
 * tail of `allAgentRoles` from `rolePosition`; state is reset in place each
 * turn (no allocation per turn).
 */
export class TurnSchedule {
  private rolePosition = 0;
  private readonly acted: boolean[];
  currentTurn = 0;

  constructor(private readonly roles: readonly AgentRole[]) {
    this.acted = roles.map(() => false);
  }

  /** Starts the next turn: every role and every agent is pending again. */
  newTurn(): void {
    this.rolePosition = 0;
    this.acted.fill(false);
    this.currentTurn++;
  }

  get hasPendingRoles(): boolean {
    return this.rolePosition < allAgentRoles.length;
  }

  /** The role whose phase the turn is in, if any is left. */
  get currentRole(): AgentRole | undefined {
    return allAgentRoles[this.rolePosition];
  }

  isRolePending(role: AgentRole): boolean {
    return allAgentRoles.indexOf(role) >= this.rolePosition;
  }

  /** Drops roles from the front until `role` is first (or none are left). */
  consumeUntil(role: AgentRole): void {
    const index = allAgentRoles.indexOf(role);
    if (index >= this.rolePosition) this.rolePosition = index;
    else this.rolePosition = allAgentRoles.length;
  }

  /** Finishes `role` (and any role before it). */
  finishRole(role: AgentRole): void {
    this.rolePosition = Math.max(this.rolePosition, allAgentRoles.indexOf(role) + 1);
  }

  /** Index of the first agent of `role` that has not acted this turn, or -1. */
  nextAgentFor(role: AgentRole): number {
    for (let index = 0; index < this.roles.length; index++) {
      if (this.roles[index] === role && !this.acted[index]) return index;
    }
    return -1;
  }

  /** True when some agent (acted or not) plays `role`. */
  hasAgentFor(role: AgentRole): boolean {
    return this.roles.includes(role);
  }

  markActed(agentIndex: number): void {
    this.acted[agentIndex] = true;
  }

  copy(): TurnSchedule {
    const clone = new TurnSchedule(this.roles);
    clone.rolePosition = this.rolePosition;
    for (let index = 0; index < this.acted.length; index++) clone.acted[index] = this.acted[index] as boolean;
    clone.currentTurn = this.currentTurn;
    return clone;
  }
}
