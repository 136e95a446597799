// Run from with-config/ (its scenario.config.mjs has `observability`), with
// no setupScenarioTracing call: run() sets tracing up by itself, so the global
// tracer provider's delegate is a real provider afterwards, and the run passes.
import { AgentRole, agent, run, succeed, user } from "@langwatch/scenario";
import { check, delegateName, echoAgent, finish, idleUser } from "./support.mjs";

check(process.cwd().endsWith("with-config"), `run me from with-config/, not ${process.cwd()}`);
const before = delegateName();
check(before === "NoopTracerProvider", `a tracer provider was registered before run(): ${before}`);

const result = await run({
  name: "config-file",
  description: "the project config's observability sets tracing up",
  agents: [echoAgent(AgentRole.AGENT), idleUser(AgentRole.USER)],
  script: [user("Hello from the config file test"), agent(), succeed()],
});
check(result.success, `the run failed: ${result.reasoning}`);
const after = delegateName();
check(after !== "NoopTracerProvider", "run() did not set tracing up from scenario.config.mjs");
await finish();
