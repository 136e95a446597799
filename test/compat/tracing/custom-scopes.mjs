// An agent instrumented under its own scope ("my-app/database"): its spans
// are collected beside the scenario's, in the run's trace, and
// `withCustomScopes` selects both scopes (and not the noise's).
import { AgentRole, agent, run, scenarioOnly, setupScenarioTracing, succeed, user, withCustomScopes } from "@langwatch/scenario";
import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { check, finish, idleUser, scopeOf, selectedScopes } from "./support.mjs";

const exporter = new InMemorySpanExporter();
const processor = new SimpleSpanProcessor(exporter);
setupScenarioTracing({ instrumentations: [], spanProcessors: [processor], langwatch: "disabled" });

const database = trace.getTracer("my-app/database");
trace.getTracer("http-server").startSpan("GET /api/health").end();

const lookupAgent = {
  role: AgentRole.AGENT,
  call: () =>
    database.startActiveSpan("db.query SELECT users", async (span) => {
      try {
        await new Promise((resolve) => setTimeout(resolve, 5));
        span.setAttribute("db.system", "postgresql");
        return "Found user: Alice";
      } finally {
        span.end();
      }
    }),
};

const result = await run({
  name: "custom-scopes",
  description: "the agent's own spans are collected with the scenario's",
  agents: [lookupAgent, idleUser(AgentRole.USER)],
  script: [user("Look up user Alice"), agent(), succeed()],
});
check(result.success, `the run failed: ${result.reasoning}`);
await processor.forceFlush();

const [scope] = selectedScopes(scenarioOnly);
const spans = exporter.getFinishedSpans();
const scenarioSpans = spans.filter((span) => scopeOf(span) === scope);
const databaseSpans = spans.filter((span) => scopeOf(span) === "my-app/database");
check(scenarioSpans.length > 0, `no span under ${scope}`);
check(databaseSpans.length === 1, `expected 1 my-app/database span, found ${databaseSpans.length}`);
const [query] = databaseSpans;
check(query.attributes["db.system"] === "postgresql", "the database span lost its attribute");
const runTrace = scenarioSpans[0].spanContext().traceId;
check(query.spanContext().traceId === runTrace, "the agent's span is not in the run's trace");

const selected = selectedScopes(withCustomScopes("my-app/database"));
check(selected.includes(scope), `withCustomScopes drops ${scope}: ${JSON.stringify(selected)}`);
check(selected.includes("my-app/database"), `withCustomScopes drops my-app/database: ${JSON.stringify(selected)}`);
check(!selected.includes("http-server"), "withCustomScopes selects the http-server scope");
await finish();
