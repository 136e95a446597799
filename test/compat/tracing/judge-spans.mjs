// A custom judge reads the agent's own spans through
// judgeSpanCollector.getSpansForThread(threadId): it passes when the agent
// made its database span in this run, and fails when the agent made none
// (negative control); spans outside the run are not the thread's.
import { AgentRole, agent, judge, judgeSpanCollector, run, setupScenarioTracing, user } from "@langwatch/scenario";
import { trace } from "@opentelemetry/api";
import { check, finish, idleUser } from "./support.mjs";

setupScenarioTracing({ instrumentations: [], langwatch: "disabled" });
const database = trace.getTracer("my-app/database");
database.startSpan("db.query SELECT outside").end();

const lookupAgent = (queries) => ({
  role: AgentRole.AGENT,
  call: async () => {
    if (queries) database.startActiveSpan("db.query SELECT orders", (span) => span.end());
    return "Order 42 is on its way.";
  },
});

/** Names of the thread's spans each judgment saw. */
const seen = [];
const spanJudge = {
  role: AgentRole.JUDGE,
  call: async (input) => {
    if (!input.judgmentRequest) return null;
    const names = judgeSpanCollector.getSpansForThread(input.threadId).map((span) => span.name);
    seen.push(names);
    const queried = names.includes("db.query SELECT orders");
    return {
      success: queried,
      reasoning: queried ? "the agent looked the order up" : "no database query",
      metCriteria: queried ? ["looks the order up"] : [],
      unmetCriteria: queried ? [] : ["looks the order up"],
    };
  },
};

const runWith = (queries) =>
  run({
    name: queries ? "agent queries" : "agent guesses",
    description: "the judge checks the agent's own spans",
    agents: [lookupAgent(queries), idleUser(AgentRole.USER), spanJudge],
    script: [user("Where is order 42?"), agent(), judge()],
  });

const queried = await runWith(true);
check(queried.success, `the judge did not see the agent's span: ${queried.reasoning}; it saw ${JSON.stringify(seen[0])}`);
const guessed = await runWith(false);
check(!guessed.success, "the judge passed an agent that made no database query (negative control)");
check(seen.length === 2, `expected 2 judgments, got ${seen.length}`);
check(!seen.flat().includes("db.query SELECT outside"), "a span made outside the runs was given as the thread's");
await finish();
