// Finds a Chromium for the browser tests (playwright-core drives Debian's chromium; a test
// tool's own browser download cannot work on these machines). Order: $CHROMIUM_PATH, then
// the usual system paths. When none is found it installs Debian's package if it can (root with
// apt-get), else it stops with the exact command to run.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const INSTALL = "sudo apt-get update && sudo apt-get install -y chromium";

function found() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  return CANDIDATES.find((p) => existsSync(p));
}

/** @returns {{ok: true, path: string} | {ok: false, message: string}} */
export function ensureChromium() {
  const path = found();
  if (path) return { ok: true, path };
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  if (isRoot && hasApt) {
    console.error("browser tests need Chromium; installing Debian's chromium (apt-get, about 30 s)...");
    try {
      execFileSync(
        "sh",
        [
          "-c",
          "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null",
        ],
        {
          stdio: "inherit",
        },
      );
    } catch {
      return { ok: false, message: `installing chromium failed; run: ${INSTALL}` };
    }
    const after = found();
    if (after) return { ok: true, path: after };
  }
  return {
    ok: false,
    message: `The browser tests need Chromium and none was found. Run:\n  ${INSTALL}\nor set CHROMIUM_PATH to a Chromium binary, then run pnpm test again.`,
  };
}
