/** Where the end-to-end harness finds the dashboard package and its build. */
import { fileURLToPath } from "node:url";

/** packages/dashboard/ */
export const dashboardRoot = fileURLToPath(new URL("../../", import.meta.url));
/** packages/dashboard/dist/: what the server serves at `/` (built by `npx vite build`). */
export const dashboardDist = fileURLToPath(new URL("../../dist/", import.meta.url));
