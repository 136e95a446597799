/** Who acts in a request, as the audit trail names them: the caller's key or user, and the request id. */
import type { Context } from "hono";
import type { Actor } from "../services/tenants.js";
import type { AppEnv } from "./app-env.js";

export function actorOf(context: Context<AppEnv>): Actor {
  const { principal } = context.get("scope");
  return { actorType: principal.kind, actorId: principal.id, requestId: context.get("requestId") };
}
