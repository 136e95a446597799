/**
 * `@rehearse/server`: the self-hosted run-history server. `rehearse serve`
 * starts it; embedders call `startServer`.
 */

export { type InstanceAdmin, openAdmin } from "./admin.js";
export { createApp } from "./http/app.js";
export { type RunningServer, type ServerOptions, startServer } from "./server.js";
export type { QueueConnection } from "./services/bullmq-connection.js";
export type { OidcProviderConfig } from "./services/oidc-config.js";
export { type Database, type DatabaseTarget, openDatabase } from "./store/database.js";
export { type RunningWorker, type RunWorkerOptions, startRunWorker } from "./worker/run-worker.js";
export { startWorkerProcess } from "./worker/start-worker-process.js";
