// Finds the system programs the browser tests drive: Chromium (playwright-core drives Debian's
// chromium; a test tool's own browser download cannot work on these machines) and Ghostscript (the
// report's print test measures the printed PDF's pages with it). Order: the environment variable,
// then the usual system paths. When one is missing it installs Debian's package if it can (root
// with apt-get), else it stops with the exact command to run.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * @param {{ what: string, why: string, envVar: string, candidates: string[], aptPackage: string }} tool
 * @returns {{ok: true, path: string} | {ok: false, message: string}}
 */
function ensureSystemTool(tool) {
  const install = `sudo apt-get update && sudo apt-get install -y ${tool.aptPackage}`;
  const found = () => {
    const fromEnv = process.env[tool.envVar];
    if (fromEnv && existsSync(fromEnv)) return fromEnv;
    return tool.candidates.find((p) => existsSync(p));
  };
  const path = found();
  if (path) return { ok: true, path };
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  if (isRoot && hasApt) {
    console.error(`${tool.why} need ${tool.what}; installing Debian's ${tool.aptPackage} (apt-get)...`);
    try {
      execFileSync(
        "sh",
        [
          "-c",
          `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${tool.aptPackage} >/dev/null`,
        ],
        { stdio: "inherit" },
      );
    } catch {
      return { ok: false, message: `installing ${tool.aptPackage} failed; run: ${install}` };
    }
    const after = found();
    if (after) return { ok: true, path: after };
  }
  return {
    ok: false,
    message: `${tool.why} need ${tool.what} and none was found. Run:\n  ${install}\nor set ${tool.envVar} to its binary, then run pnpm test again.`,
  };
}

/** @returns {{ok: true, path: string} | {ok: false, message: string}} */
export function ensureChromium() {
  return ensureSystemTool({
    what: "Chromium",
    why: "The browser tests",
    envVar: "CHROMIUM_PATH",
    candidates: ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"],
    aptPackage: "chromium",
  });
}

/** @returns {{ok: true, path: string} | {ok: false, message: string}} */
export function ensureGhostscript() {
  return ensureSystemTool({
    what: "Ghostscript",
    why: "The report's print tests",
    envVar: "GHOSTSCRIPT_PATH",
    candidates: ["/usr/bin/gs", "/usr/local/bin/gs"],
    aptPackage: "ghostscript",
  });
}
