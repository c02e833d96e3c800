import { main } from "./main";

// A closed pipe (e.g. `fmrs inspect x | head`) is not an error of ours: stop quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
