export { inspectFile } from "./inspect";
export { jsonTerminalSafe, terminalSafe } from "./log";
export { EXIT_BAD_INPUT, EXIT_CODES_HELP, EXIT_INTERNAL, main, STAGES, type StageName } from "./main";
export { validateStudy } from "./validate";
