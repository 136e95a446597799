/** Reads of the tenants table (no tenant_id: the system role's). */
import { eq } from "drizzle-orm";
import type { Drizzle } from "./database.js";
import { tenants } from "./schema.js";

/** Whether a tenant `id` exists. */
export async function tenantExists(executor: Drizzle, id: string): Promise<boolean> {
  return (await executor.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, id))).length > 0;
}

/** The installation's tenants, by id. */
export function listTenants(executor: Drizzle): Promise<Array<{ id: string; name: string; createdAt: Date }>> {
  return executor.select({ id: tenants.id, name: tenants.name, createdAt: tenants.createdAt }).from(tenants).orderBy(tenants.id);
}
