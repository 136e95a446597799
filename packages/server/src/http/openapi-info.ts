/** The OpenAPI document's header (app.ts serves the document at /openapi.json). */
export const openApiInfo = {
  openapi: "3.1.0",
  info: { title: "Rehearse run-history server", version: "1" },
} as const;
