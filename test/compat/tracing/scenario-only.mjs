// setupScenarioTracing with the application's own processor; noise spans from
// another tracer; one scripted run. The scenario's spans are collected under
// the scope `scenarioOnly` selects, the noise is collected too, and
// `scenarioOnly` does not select the noise's scope.
import { AgentRole, agent, run, scenarioOnly, setupScenarioTracing, succeed, user } from "@langwatch/scenario";
import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { check, echoAgent, finish, idleUser, scopeOf, selectedScopes } from "./support.mjs";

const exporter = new InMemorySpanExporter();
const processor = new SimpleSpanProcessor(exporter);
setupScenarioTracing({ instrumentations: [], spanProcessors: [processor], langwatch: "disabled" });

const noise = trace.getTracer("http-server");
noise.startSpan("GET /api/health").end();
noise.startSpan("middleware PUT /api/jobs").end();

const result = await run({
  name: "scenario-only",
  description: "the scenario's spans are told apart from the server's",
  agents: [echoAgent(AgentRole.AGENT), idleUser(AgentRole.USER)],
  script: [user("Hello, can you hear me?"), agent(), succeed()],
});
check(result.success, `the run failed: ${result.reasoning}`);
await processor.forceFlush();

const spans = exporter.getFinishedSpans();
const scopes = selectedScopes(scenarioOnly);
check(scopes.length === 1, `scenarioOnly should select one scope, it selects ${JSON.stringify(scopes)}`);
const [scope] = scopes;
const scenarioSpans = spans.filter((span) => scopeOf(span) === scope);
const noiseSpans = spans.filter((span) => scopeOf(span) === "http-server");
const seen = JSON.stringify([...new Set(spans.map(scopeOf))]);
check(scenarioSpans.length > 0, `no span under ${scope} (scopes seen: ${seen})`);
// the noise must have been collected, or "the filter keeps it out" would prove nothing
check(noiseSpans.length === 2, `expected the 2 http-server spans, found ${noiseSpans.length}`);
check(!scopes.includes("http-server"), "scenarioOnly selects the http-server scope");
// the run made one trace: every scenario span shares the trace id
const traces = new Set(scenarioSpans.map((span) => span.spanContext().traceId));
check(traces.size === 1, `the run's spans are in ${traces.size} traces`);
await finish();
