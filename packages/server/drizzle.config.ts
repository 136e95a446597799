// drizzle-kit (`npx drizzle-kit generate` in packages/server): SQL migrations from the schema, checked in under drizzle/.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/store/schema.ts",
  out: "./drizzle",
});
