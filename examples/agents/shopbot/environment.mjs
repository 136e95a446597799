// The shopbot's world as a Rehearse environment: the shop's state and tools. Scenario files name
// it with `environment: { module: ../agents/shopbot/environment.mjs, export: shopEnvironment }`.
import { initialShopState } from "./shop-data.mjs";
import { shopTools } from "./shop-tools.mjs";

export { initialShopState, REFUND_LIMIT } from "./shop-data.mjs";
export { shopTools } from "./shop-tools.mjs";

/**
 * A fresh `EnvironmentSpec` for the shop: customers, orders, tickets, refunds and attachments,
 * and the tools `lookup_customer`, `get_order`, `refund`, `create_ticket`, `get_ticket` and
 * `process_attachment`. Handlers change the state and count `refunds_issued`,
 * `tickets_created` and `attachments_processed` in the run's variables.
 *
 * @example
 * await run({ name: "refund", description: "…", agents: [hardenedShopbot], environment: shopEnvironment(), script });
 */
export function shopEnvironment() {
  return {
    state: initialShopState(),
    tools: shopTools(),
    // a careful refund takes up to five tool rounds; two requests in one turn take ten
    max_tool_rounds: 20,
  };
}
