/** Words a person reads instead of codes: sexes, and the effect direction. */

const SEX_WORDS: Readonly<Record<string, string>> = { F: "female", M: "male", O: "other" };

/** "female" for F, "male" for M, "other" for O; any other code as given. */
export function sexWord(code: string): string {
  return SEX_WORDS[code] ?? code;
}

/** "Female" for F etc., capitalised for the start of a label. */
export function sexTitle(code: string): string {
  const w = sexWord(code);
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** A contrast level in words: sexes as words, "overall" as "all subjects", phases as "phase: infusion". */
export function levelWords(level: string, contrastBy: string | null): string {
  if (level === "overall") return "all subjects";
  if (contrastBy === "sex") return sexWord(level);
  if (contrastBy === "phase") return `${level} phase`;
  if (contrastBy === "time")
    return level === "24h" ? "at 24 h" : level === "pre" ? "before the infusion" : level;
  if (contrastBy === "block") return `block ${level}`;
  return level;
}
