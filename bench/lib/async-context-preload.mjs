// Workload W with tracing off but Node's AsyncLocalStorage switched on, as OpenTelemetry's context manager
// switches it on the first time a span's context is entered (Rehearse enters one around each call of the agent
// under test, so that agent's own spans join the run's trace). On Node 20 that installs promise hooks every
// promise of the process pays from then on: bench/tracing.mjs loads this with `node --import` to measure that
// share of tracing's cost apart from the spans.
import { AsyncLocalStorage } from "node:async_hooks";

new AsyncLocalStorage().enterWith({});
