// Starts the Families First binary for a test run.
//
//   const server = await startServer();
//   ... use server.baseUrl ...
//   await server.stop();
//
// The binary comes from $FF_BIN (default: ../target/debug/familiesfirst,
// relative to this folder). It runs with the demo data set on a free port of
// 127.0.0.1 and a fresh SQLite database in a new temporary folder, which also
// holds the server's log. Set FF_E2E_KEEP_TMP=1 to keep that folder.

import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export const DEFAULT_BIN = resolve(here, "..", "target", "debug", "familiesfirst");
const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export async function freePort() {
  return await new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

function readLog(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "(no log written)";
  }
}

/** The last `lines` lines of the server log, for failure reports. */
export function logTail(path, lines = 200) {
  return readLog(path).split("\n").slice(-lines).join("\n");
}

async function healthy(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: "manual" });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts `FF_BIN serve --demo` and waits until GET /healthz answers 200.
 * @returns {Promise<{ baseUrl: string, logPath: string, tmpDir: string, stop: () => Promise<void> }>}
 */
export async function startServer({ bin = process.env.FF_BIN || DEFAULT_BIN, port: chosenPort, env: extraEnv = {} } = {}) {
  const binary = resolve(bin);
  if (!existsSync(binary)) {
    throw new Error(
      `Families First binary not found at ${binary}.\n` +
        "Build it with `cargo build -p familiesfirst`, or point FF_BIN at it.",
    );
  }

  const tmpDir = mkdtempSync(join(tmpdir(), "ff-e2e-"));
  const logPath = join(tmpDir, "server.log");
  const port = chosenPort ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const args = [
    "serve",
    "--demo",
    "--listen",
    `127.0.0.1:${port}`,
    "--database-url",
    `sqlite://${join(tmpDir, "ff.db")}`,
  ];

  const logFd = openSync(logPath, "a");
  const child = spawn(binary, args, {
    cwd: tmpDir,
    env: { RUST_LOG: "info", ...process.env, ...extraEnv },
    stdio: ["ignore", logFd, logFd],
  });
  closeSync(logFd);

  let exited = null;
  const exitPromise = new Promise((resolveExit) => {
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      resolveExit(exited);
    });
    child.on("error", (error) => {
      exited = { error };
      resolveExit(exited);
    });
  });
  // Never leave a server behind if the test process ends abruptly.
  const killOnExit = () => {
    if (exited === null) child.kill("SIGKILL");
  };
  process.on("exit", killOnExit);

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    if (exited === null) {
      child.kill("SIGTERM");
      const outcome = await Promise.race([exitPromise, sleep(STOP_TIMEOUT_MS, "timeout")]);
      if (outcome === "timeout") {
        child.kill("SIGKILL");
        await exitPromise;
      }
    }
    process.off("exit", killOnExit);
    if (process.env.FF_E2E_KEEP_TMP) {
      console.error(`# kept ${tmpDir} (server log: ${logPath})`);
    } else {
      rmSync(tmpDir, { recursive: true, force: true });
    }
  }

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await healthy(`${baseUrl}/healthz`))) {
    if (exited !== null || Date.now() > deadline) {
      const reason =
        exited === null
          ? `GET /healthz did not answer 200 within ${STARTUP_TIMEOUT_MS / 1000} s`
          : exited.error
            ? `it could not be started: ${exited.error.message}`
            : `it exited early (code ${exited.code}, signal ${exited.signal})`;
      const log = readLog(logPath);
      await stop().catch(() => {});
      console.error(`----- server log (${binary} ${args.join(" ")}) -----\n${log}\n----- end of server log -----`);
      throw new Error(`Families First server failed to start: ${reason}`);
    }
    await sleep(200);
  }

  return { baseUrl, logPath, tmpDir, stop };
}
