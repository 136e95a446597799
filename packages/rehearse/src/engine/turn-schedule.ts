import { type AgentRole, allAgentRoles } from "../domain/roles.js";

/**
 * Who still has to act in the current turn. A turn calls roles in the order
 * user → agent → judge and, within a role, every agent of that role in list
 * order. `currentTurn` is 0-based.
 */
export class TurnSchedule {
  private pendingRoles: AgentRole[] = [...allAgentRoles];
  private pendingAgents: Set<number>;
  currentTurn = 0;

  constructor(private readonly roles: readonly AgentRole[]) {
    this.pendingAgents = new Set(roles.keys());
  }

  /** Starts the next turn: every role and every agent is pending again. */
  newTurn(): void {
    this.pendingRoles = [...allAgentRoles];
    this.pendingAgents = new Set(this.roles.keys());
    this.currentTurn++;
  }

  get hasPendingRoles(): boolean {
    return this.pendingRoles.length > 0;
  }

  /** The role whose phase the turn is in, if any is left. */
  get currentRole(): AgentRole | undefined {
    return this.pendingRoles[0];
  }

  isRolePending(role: AgentRole): boolean {
    return this.pendingRoles.includes(role);
  }

  /** Drops roles from the front until `role` is first (or none are left). */
  consumeUntil(role: AgentRole): void {
    while (this.pendingRoles.length > 0 && this.pendingRoles[0] !== role) this.pendingRoles.shift();
  }

  /** Drops `role` from the pending roles. */
  finishRole(role: AgentRole): void {
    this.pendingRoles = this.pendingRoles.filter((pending) => pending !== role);
  }

  /** Index of the first agent of `role` that has not acted this turn, or -1. */
  nextAgentFor(role: AgentRole): number {
    for (const index of this.pendingAgents) {
      if (this.roles[index] === role) return index;
    }
    return -1;
  }

  /** True when some agent (acted or not) plays `role`. */
  hasAgentFor(role: AgentRole): boolean {
    return this.roles.includes(role);
  }

  markActed(agentIndex: number): void {
    this.pendingAgents.delete(agentIndex);
  }

  copy(): TurnSchedule {
    const clone = new TurnSchedule(this.roles);
    clone.pendingRoles = [...this.pendingRoles];
    clone.pendingAgents = new Set(this.pendingAgents);
    clone.currentTurn = this.currentTurn;
    return clone;
  }
}
