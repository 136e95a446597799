/**
 * The JSON Schema of scenario files, for editors (`rehearse schema`). Its
 * modules, and `zod`, load on the first call.
 */
export { scenarioFileJsonSchema } from "../scenario-file/public-api.js";
