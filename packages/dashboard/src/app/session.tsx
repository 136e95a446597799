/**
 * Who is signed in: `GET /api/v1/auth/session` once, then the permissions
 * it lists decide which controls the views show. The server refuses what a role may
 * not do anyway; hiding is for clarity, not security.
 */
import { createContext, useContext } from "react";
import type { Schemas } from "../api/client";

export type Caller = Schemas["Caller"];

export interface Session {
  caller: Caller;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);
export const SessionProvider = SessionContext.Provider;

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

/** Whether the caller holds `permission` (the server's names: `transcripts:raw`, `runs:delete`, …). */
export function may(caller: Caller, permission: string): boolean {
  return caller.permissions.includes(permission);
}
