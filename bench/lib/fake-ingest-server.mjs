// A stand-in for the Rehearse server's ingest route, for the reporter benchmark: answers every
// `POST /api/v1/events` with the ingest response (every event accepted, duplicates by eventId),
// in its own process so it does not share the measured process's event loop.
// Usage: node bench/lib/fake-ingest-server.mjs   → prints {"port":…} once listening; SIGTERM stops it
// and it prints {"events":n,"duplicates":n,"requests":n} on the way out.
import { createServer } from "node:http";

const seen = new Set();
let duplicates = 0;
let requests = 0;
const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    requests++;
    const { events } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const repeated = [];
    for (const event of events) {
      if (seen.has(event.eventId)) repeated.push(event.eventId);
      else seen.add(event.eventId);
    }
    duplicates += repeated.length;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ accepted: events.length - repeated.length, duplicates: repeated, rejected: [] }));
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.on("SIGTERM", () => {
  process.stdout.write(`${JSON.stringify({ events: seen.size, duplicates, requests })}\n`);
  process.exit(0);
});
