import { main } from "./main";

// `pnpm fmrs …` runs the root script in the repository root; the script sets FMRS_USE_INIT_CWD=1
// so that relative paths resolve against the folder the user ran pnpm in (pnpm's INIT_CWD), as
// they do for the installed `fmrs`.
if (process.env.FMRS_USE_INIT_CWD === "1" && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

// A closed pipe (e.g. `fmrs inspect x | head`) is not an error of ours: stop quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
