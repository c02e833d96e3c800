// Test and bench support: launches Debian's Chromium through playwright-core (never a downloaded
// browser), with the flags of TOOLCHAIN.md. A missing executable is an error naming the install
// command, so browser tests can never pass silently without a browser.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** The command that installs the browser the tests need. */
export const CHROMIUM_INSTALL = "sudo apt-get update && sudo apt-get install -y chromium";

/** The Chromium executable: $CHROMIUM_PATH, else /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
}

/** Launches headless Chromium; throws a clear error with the install command when it is absent. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: the browser tests need it. Install it with\n  ${CHROMIUM_INSTALL}\nor set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
