/**
 * `rehearse admin …`: the bootstrap steps of a Rehearse server without SQL
 * and without a key — create a tenant, invite a user, reset a password,
 * rotate an admin key. They open the installation directly (`--data-dir`, or
 * PostgreSQL at DATABASE_URL); the embedded database only while no server
 * runs on it. Secrets are printed once and never stored in clear.
 */
import { resolve } from "node:path";
import { openServerAdmin, type ServerAdmin } from "../api/server.js";
import type { CliContext } from "./cli-context.js";
import { ExitCode } from "./exit-codes.js";

/** Flags every `rehearse admin` step takes. */
export interface AdminFlags {
  dataDir: string;
}

/** Runs `step` on the opened installation; a problem the operator can fix prints one line and exits 2. */
async function withAdmin(
  name: string,
  flags: AdminFlags,
  context: CliContext,
  step: (admin: ServerAdmin) => Promise<string[]>,
): Promise<number> {
  const databaseUrl = context.env.DATABASE_URL || undefined;
  let admin: ServerAdmin;
  try {
    admin = await openServerAdmin({
      dataDir: resolve(context.cwd, flags.dataDir),
      environment: context.env,
      ...(databaseUrl ? { databaseUrl } : {}),
    });
  } catch (error) {
    return refuse(name, error, context);
  }
  try {
    for (const line of await step(admin)) context.print(line);
    return ExitCode.ok;
  } catch (error) {
    return refuse(name, error, context);
  } finally {
    await admin.close();
  }
}

function refuse(name: string, error: unknown, context: CliContext): number {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === "string" && code.startsWith("REHEARSE_")) {
    context.printError(`rehearse admin ${name}: ${(error as Error).message}`);
    return ExitCode.usage;
  }
  throw error;
}

export function createTenantCommand(id: string, flags: AdminFlags & { name?: string }, context: CliContext): Promise<number> {
  return withAdmin("create-tenant", flags, context, async (admin) => {
    const { keyFile } = await admin.createTenant(id, flags.name ?? id);
    return [`tenant ${id} created; its admin API key is in ${keyFile} (mode 0600; only its hash is stored)`];
  });
}

export function inviteCommand(
  email: string,
  flags: AdminFlags & { tenant: string; role: string; name?: string },
  context: CliContext,
): Promise<number> {
  return withAdmin("invite", flags, context, async (admin) => {
    const { password } = await admin.invite({ email, name: flags.name ?? email, tenant: flags.tenant, role: flags.role });
    return [
      `${email} is a ${flags.role} of tenant ${flags.tenant}`,
      `one-time password (shown once; they change it after signing in): ${password}`,
    ];
  });
}

export function resetPasswordCommand(email: string, flags: AdminFlags, context: CliContext): Promise<number> {
  return withAdmin("reset-password", flags, context, async (admin) => {
    const { password, sessionsEnded } = await admin.resetPassword(email);
    return [
      `new one-time password for ${email} (shown once): ${password}`,
      `${sessionsEnded} session${sessionsEnded === 1 ? "" : "s"} ended; a lockout, if any, is cleared`,
    ];
  });
}

export function rotateAdminKeyCommand(flags: AdminFlags & { tenant: string }, context: CliContext): Promise<number> {
  return withAdmin("rotate-admin-key", flags, context, async (admin) => {
    const { keyFile, revoked } = await admin.rotateAdminKey(flags.tenant);
    return [
      `new admin API key for tenant ${flags.tenant} in ${keyFile} (mode 0600); ${revoked} previous admin key${revoked === 1 ? "" : "s"} revoked`,
    ];
  });
}
