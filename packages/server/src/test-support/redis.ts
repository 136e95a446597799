/**
 * A Redis of a test's own (Debian `redis-server` on 127.0.0.1, a free port,
 * nothing persisted), for queue tests that restart it; stopped by its pid.
 * A machine without `redis-server` fails the test with the package to install.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createConnection, createServer } from "node:net";

export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port (empty: nothing is persisted). */
  restart(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" }, () => {
      socket.write("PING\r\n");
    });
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
  });
}

function launch(port: number): ChildProcess {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  child.once("error", () => undefined);
  return child;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child = launch(port);
  const ready = async () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error("redis-server did not start: install Debian's redis-server (apt-get install redis-server)");
      if (await answers(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not answer on 127.0.0.1:${port}`);
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  await ready();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop();
      child = launch(port);
      await ready();
    },
  };
}
