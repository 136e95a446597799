// Module customization hooks (run on the loader thread): append every URL the ESM loader loads to
// the file given in `data.logFile`, synchronously, so the list is complete once `import()` settles.
import { appendFileSync } from "node:fs";

let logFile;

export function initialize(data) {
  logFile = data.logFile;
}

export async function load(url, context, nextLoad) {
  appendFileSync(logFile, `${url}\n`);
  return nextLoad(url, context);
}
