// Runs before every compat test file, on both sides.
import dns from "node:dns";
import net from "node:net";

// The reference logs an AI SDK warning on every model call; no test needs it.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

/**
 * A network guard: every outbound attempt (fetch, DNS lookup, socket connect)
 * is recorded (see `networkAttempts()`); fetch and connections to other hosts
 * are refused. The suite is model-free, so neither side should try;
 * network.test.ts checks.
 */
interface NetworkGuard {
  attempts: string[];
}
const key = Symbol.for("rehearse.compat.network");
const holder = globalThis as unknown as Record<symbol, NetworkGuard | undefined>;

if (!holder[key]) {
  const guard: NetworkGuard = { attempts: [] };
  holder[key] = guard;

  globalThis.fetch = async (input: string | URL | Request) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    guard.attempts.push(`fetch ${url}`);
    throw new TypeError(`compat suite: network is off (fetch ${url})`);
  };

  const lookup = dns.lookup;
  dns.lookup = ((hostname: string, ...rest: unknown[]) => {
    guard.attempts.push(`dns ${hostname}`);
    return (lookup as (...args: unknown[]) => unknown)(hostname, ...rest);
  }) as typeof dns.lookup;

  // Connections to other hosts are recorded and refused; local ones (the
  // worker's own pipes, 127.0.0.1) go through.
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const options = typeof first === "object" && first !== null ? (first as { host?: string; port?: number; path?: string }) : {};
    const host = options.path ? undefined : (options.host ?? (typeof first === "number" ? "localhost" : undefined));
    guard.attempts.push(`connect ${options.path ?? `${host ?? "?"}:${options.port ?? first}`}`);
    if (host && !["localhost", "127.0.0.1", "::1"].includes(host)) {
      process.nextTick(() => this.destroy(new Error(`compat suite: network is off (connect ${host})`)));
      return this;
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
}

/** The outbound attempts seen so far in this worker. */
export function networkAttempts(): readonly string[] {
  return holder[key]?.attempts ?? [];
}
