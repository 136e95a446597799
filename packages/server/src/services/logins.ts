/**
 * Password sign-in and sessions.
 *
 * - A session token (`rhs_` + 32 random bytes, base64url) lives only in the
 *   browser's `HttpOnly` cookie; the database keeps its SHA-256. A session
 *   acts in one tenant with the user's role there (read again at most 2 s
 *   after the last check, so a changed role applies within 2 s), and ends after 12 hours
 *   without use, 7 days after sign-in, at logout, or when the user logs out
 *   everywhere.
 * - The CSRF token is an HMAC of the session token under the key pepper:
 *   nothing to store, and it cannot be derived without the pepper.
 * - Abuse: failures from one address are counted in memory (20 in 15
 *   minutes block that address for 15 minutes, others go on), and 10 failed
 *   attempts lock the account for 15 minutes on every server sharing the
 *   database. An unknown email, a locked or disabled account and a wrong
 *   password all answer the same and take the same argon2 work, so answers
 *   do not tell which emails exist.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Database } from "../store/database.js";
import { memberships, sessions, users } from "../store/schema.js";
import type { Role } from "./permissions.js";
import { TenantScope } from "./tenant-scope.js";
import { hashPassword, type MemberRole, memberRoles, passwordMatches, type UserRow, type Users } from "./users.js";

export const SESSION_IDLE_MS = 12 * 3_600_000;
export const SESSION_LIFETIME_MS = 7 * 24 * 3_600_000;
const ACCOUNT_LOCK_AFTER = 10;
const ACCOUNT_LOCK_MS = 15 * 60_000;
const ADDRESS_FAILURES = 20;
const ADDRESS_WINDOW_SECONDS = 15 * 60;
const LAST_SEEN_EVERY_MS = 60_000;
const SESSION_RECHECK_MS = 2_000;
const tokenPattern = /^rhs_[A-Za-z0-9_-]{43}$/;

/** The outcome of a sign-in attempt. */
export type LoginResult =
  | {
      ok: true;
      token: string;
      csrfToken: string;
      expiresAt: Date;
      user: Pick<UserRow, "id" | "email" | "name">;
      tenantId: string;
      role: MemberRole;
    }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number }
  | { ok: false; reason: "not_a_member" };

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export class Logins {
  private readonly addressFailures = new RateLimiterMemory({
    points: ADDRESS_FAILURES,
    duration: ADDRESS_WINDOW_SECONDS,
    blockDuration: ADDRESS_WINDOW_SECONDS,
  });
  /** A real argon2id hash to check against when the email is unknown (same work either way). */
  private readonly decoy = hashPassword(randomBytes(16).toString("hex"));
  private readonly lastSeenWritten = new Map<string, number>();
  /** Sessions checked in the last 2 s, by token hash: a page's burst of API calls costs one query. */
  private readonly recent = new Map<string, { scope: TenantScope; userId: string; until: number }>();

  constructor(
    private readonly database: Database,
    private readonly users: Users,
    private readonly pepper: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  /** Signs `email` in from `address`, into `tenantId` (default: the user's first tenant). */
  async login(email: string, password: string, address: string, tenantId?: string): Promise<LoginResult> {
    const blocked = await this.addressFailures.get(address);
    if (blocked && blocked.consumedPoints > ADDRESS_FAILURES)
      return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.ceil(blocked.msBeforeNext / 1000) };

    const user = await this.users.byEmail(email);
    const now = this.now();
    const usable = user && !user.disabledAt && user.passwordHash && !(user.lockedUntil && user.lockedUntil.getTime() > now);
    const matches = await passwordMatches(usable ? (user.passwordHash as string) : await this.decoy, password);
    if (!usable || !matches) return this.failed(user, address, now);

    const memberships = await this.users.tenantsOf(user.id);
    const membership = tenantId ? memberships.find((entry) => entry.tenantId === tenantId) : memberships[0];
    if (!membership) return { ok: false, reason: "not_a_member" };
    if (user.failedLogins > 0 || user.lockedUntil)
      await this.database.asSystem(({ drizzle: executor }) =>
        executor.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id)),
      );
    return this.startSession(user, membership);
  }

  /**
   * Opens a session for a user already identified (by password, or by a
   * single sign-on provider) in one of their tenants.
   */
  async startSession(
    user: Pick<UserRow, "id" | "email" | "name">,
    membership: { tenantId: string; role: string },
  ): Promise<Extract<LoginResult, { ok: true }>> {
    const now = this.now();
    const token = `rhs_${randomBytes(32).toString("base64url")}`;
    const expiresAt = new Date(now + SESSION_LIFETIME_MS);
    await this.database.forTenant(membership.tenantId, ({ drizzle: executor }) =>
      executor.insert(sessions).values({
        idHash: sha256(token),
        userId: user.id,
        tenantId: membership.tenantId,
        createdAt: new Date(now),
        lastSeenAt: new Date(now),
        expiresAt,
      }),
    );
    return {
      ok: true,
      token,
      csrfToken: this.csrfToken(token),
      expiresAt,
      user: { id: user.id, email: user.email, name: user.name },
      tenantId: membership.tenantId,
      role: membership.role as MemberRole,
    };
  }

  /** The scope of a live session token, or `undefined`. */
  async authenticate(token: string | undefined): Promise<TenantScope | undefined> {
    if (!token || !tokenPattern.test(token)) return undefined;
    const now = this.now();
    const idHash = sha256(token);
    const cached = this.recent.get(idHash);
    if (cached && now < cached.until) {
      this.noteUse(idHash, now);
      return cached.scope;
    }
    this.recent.delete(idHash);
    // one query: the session, its user and the user's role in the session's tenant (read again after 2 s,
    // so a changed role or a disabled user applies within 2 s on every server)
    // before a session is checked its tenant is unknown: a system lookup
    const [row] = await this.database.asSystem(({ drizzle: executor }) =>
      executor
        .select({
          userId: sessions.userId,
          tenantId: sessions.tenantId,
          lastSeenAt: sessions.lastSeenAt,
          disabledAt: users.disabledAt,
          instanceAdmin: users.instanceAdmin,
          role: memberships.role,
        })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .innerJoin(memberships, and(eq(memberships.tenantId, sessions.tenantId), eq(memberships.userId, sessions.userId)))
        .where(and(eq(sessions.idHash, idHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date(now)))),
    );
    if (!row || row.disabledAt || now - row.lastSeenAt.getTime() > SESSION_IDLE_MS) return undefined;
    const role = (memberRoles as readonly string[]).includes(row.role) ? row.role : undefined;
    if (!role) return undefined;
    this.noteUse(idHash, now);
    const scope = TenantScope.issue(
      row.tenantId,
      { kind: "user", id: row.userId, session: idHash },
      role as Role,
      [],
      row.instanceAdmin,
    );
    if (this.recent.size >= 10_000) this.recent.clear();
    this.recent.set(idHash, { scope, userId: row.userId, until: now + SESSION_RECHECK_MS });
    return scope;
  }

  /** Whether `presented` is the CSRF token of session `token` (constant time). */
  csrfMatches(token: string, presented: string | undefined): boolean {
    if (!presented) return false;
    const expected = Buffer.from(this.csrfToken(token));
    const given = Buffer.from(presented);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Ends one session (by the hash the scope carries). */
  async logout(sessionHash: string): Promise<void> {
    this.recent.delete(sessionHash);
    await this.database.asSystem(({ drizzle: executor }) =>
      executor
        .update(sessions)
        .set({ revokedAt: new Date(this.now()) })
        .where(and(eq(sessions.idHash, sessionHash), isNull(sessions.revokedAt))),
    );
  }

  /** Ends every session of `userId`; returns how many were live. */
  async logoutEverywhere(userId: string): Promise<number> {
    this.forgetUser(userId);
    // a user's sessions in every tenant
    const ended = await this.database.asSystem(({ drizzle: executor }) =>
      executor
        .update(sessions)
        .set({ revokedAt: new Date(this.now()) })
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date(this.now()))))
        .returning({ idHash: sessions.idHash }),
    );
    return ended.length;
  }

  /**
   * Changes the signed-in user's password after checking the current one,
   * and ends their other sessions (`keep`: this session's hash).
   */
  async changePassword(userId: string, current: string, next: string, keep: string): Promise<"changed" | "wrong_password"> {
    const user = await this.users.byId(userId);
    if (!user?.passwordHash || !(await passwordMatches(user.passwordHash, current))) return "wrong_password";
    await this.users.setPassword(userId, next);
    this.forgetUser(userId, keep);
    await this.database.asSystem(({ drizzle: executor }) =>
      executor
        .update(sessions)
        .set({ revokedAt: new Date(this.now()) })
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), sql`${sessions.idHash} <> ${keep}`)),
    );
    return "changed";
  }

  /** Drops the user's sessions checked on this server, so their next request reads them again (a removed member). */
  forgetSessionsOf(userId: string): void {
    this.forgetUser(userId);
  }

  /** Drops the user's checked sessions on this server (but `keep`), so the next request reads them again. */
  private forgetUser(userId: string, keep?: string): void {
    for (const [idHash, entry] of this.recent) if (entry.userId === userId && idHash !== keep) this.recent.delete(idHash);
  }

  private csrfToken(token: string): string {
    return createHmac("sha256", this.pepper).update(`csrf:${token}`).digest("base64url");
  }

  private async failed(user: UserRow | undefined, address: string, now: number): Promise<LoginResult> {
    // a locked account's lock is not extended by further attempts (the address limit deals with those)
    if (user && !(user.lockedUntil && user.lockedUntil.getTime() > now)) {
      // counted in the database so every server sees it; the tenth failure in a row locks the account
      await this.database.asSystem(({ drizzle: executor }) =>
        executor
          .update(users)
          .set({
            failedLogins: sql`case when ${users.failedLogins} + 1 >= ${ACCOUNT_LOCK_AFTER} then 0 else ${users.failedLogins} + 1 end`,
            lockedUntil: sql`case when ${users.failedLogins} + 1 >= ${ACCOUNT_LOCK_AFTER} then ${new Date(now + ACCOUNT_LOCK_MS)} else ${users.lockedUntil} end`,
          })
          .where(eq(users.id, user.id)),
      );
    }
    try {
      await this.addressFailures.consume(address);
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes)
        return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.ceil(refusal.msBeforeNext / 1000) };
      throw refusal;
    }
    return { ok: false, reason: "invalid" };
  }

  /** `last_seen_at`, sampled: at most once a minute per session, never awaited by the request. */
  private noteUse(idHash: string, now: number): void {
    const written = this.lastSeenWritten.get(idHash) ?? 0;
    if (now - written < LAST_SEEN_EVERY_MS) return;
    if (this.lastSeenWritten.size > 10_000) this.lastSeenWritten.clear();
    this.lastSeenWritten.set(idHash, now);
    void this.database
      .asSystem(({ drizzle: executor }) =>
        executor
          .update(sessions)
          .set({ lastSeenAt: new Date(now) })
          .where(eq(sessions.idHash, idHash)),
      )
      .catch(() => undefined);
  }
}
