// What the tracing scripts share. A script ends with `finish()` (exit 0, and
// the refused remote network attempts on stdout) or `fail(reason)` (the
// reason on stderr, exit 1); tracing.test.ts runs each as a child process.
// Nothing here imports `@langwatch/scenario`, so a script decides when the
// implementation loads.
import { trace } from "@opentelemetry/api";

/** Ends the script with `reason` on stderr and exit code 1. */
export function fail(reason) {
  process.stderr.write(`FAIL: ${reason}\n`);
  process.exit(1);
}

/** Fails with `reason` unless `condition` holds. */
export function check(condition, reason) {
  if (!condition) fail(reason);
}

/** Remote network attempts target.mjs's guard refused. */
export function remoteAttempts() {
  return globalThis[Symbol.for("rehearse.compat.tracing.remote")] ?? [];
}

/**
 * Ends the script successfully, reporting on stdout the remote network
 * attempts the guard refused (tracing.test.ts asserts there were none).
 * Flushes the registered provider first, so an exporter holding spans tries
 * to send them now rather than after the script exits.
 */
export async function finish() {
  const provider = trace.getTracerProvider().getDelegate?.();
  if (typeof provider?.forceFlush === "function") {
    await Promise.race([provider.forceFlush(), new Promise((resolve) => setTimeout(resolve, 2_000))]);
  }
  process.stdout.write(`\nREMOTE_ATTEMPTS ${JSON.stringify(remoteAttempts())}\n`);
  process.exit(0);
}

/** A finished span's instrumentation scope name (SDK 2.x `instrumentationScope`, 1.x `instrumentationLibrary`). */
export function scopeOf(span) {
  return span.instrumentationScope?.name ?? span.instrumentationLibrary?.name ?? "unknown";
}

/** The scope names an `include` rule list (`scenarioOnly`, `withCustomScopes(…)`) selects by `equals`. */
export function selectedScopes(rules) {
  return rules.flatMap((rule) =>
    "include" in rule
      ? (rule.include.instrumentationScopeName ?? []).flatMap((match) => (match.equals ? [match.equals] : []))
      : [],
  );
}

/**
 * The class name of the provider the global tracer provider delegates to:
 * `NoopTracerProvider` until some SDK registers one. (`trace.getTracerProvider()`
 * is always the same proxy object; registration changes its delegate.)
 */
export function delegateName() {
  const provider = trace.getTracerProvider();
  check(typeof provider.getDelegate === "function", "the global tracer provider has no getDelegate: cannot see registration");
  return provider.getDelegate().constructor.name;
}

/** The text of a message's content. */
export function textOf(message) {
  return typeof message?.content === "string" ? message.content : JSON.stringify(message?.content);
}

/** An agent under test that echoes the last message. */
export function echoAgent(role) {
  return { role, call: async (input) => `Echo: ${textOf(input.messages.at(-1))}` };
}

/** The user simulator a `user("…")` step needs; its own `call` is never used. */
export function idleUser(role) {
  return { role, call: async () => "unused" };
}
