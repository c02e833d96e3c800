// The BIDS-App levels: `fmrs participant` writes only the labelled participants' per-session
// derivatives and records (no study-wide file), `fmrs group` refuses while any session's
// participant-level output is missing or stale (listing each), and participant + group give the
// same bytes as `fmrs run`. The study: the fitted-route sample (12 subjects, 23 MRS sessions).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { copySample, runCli, treeHashes } from "./testing";

/** The sessions with MRS in the sample (participant id → session ids), from its files. */
function sessionsWithMrs(study: string): string[] {
  const out: string[] = [];
  for (let s = 1; s <= 12; s++)
    for (const ses of ["ses-1", "ses-2"]) {
      const sub = `sub-${String(s).padStart(2, "0")}`;
      if (existsSync(join(study, sub, ses, "mrs", `${sub}_${ses}_glx.tsv`))) out.push(`${sub} ${ses}`);
    }
  return out;
}

describe("fmrs participant and fmrs group (BIDS-App levels)", () => {
  let study: string;
  let all: string[];
  beforeAll(() => {
    study = copySample();
    all = sessionsWithMrs(study);
    expect(all).toHaveLength(23);
  });

  it("group on an empty derivatives folder refuses, listing every session's missing fit", async () => {
    const out = join(study, "..", "group-first");
    const r = await runCli(["group", study, out]);
    expect(r.code).toBe(2);
    for (const s of all) expect(r.stderr).toContain(`fit of ${s} is missing`);
    expect(r.stderr).toContain(`${all.length} problems`);
    // Checked before anything is written: the folder is left as it was (here: not made at all).
    expect(existsSync(out)).toBe(false);
  });

  it("participant writes only the labelled participants' sessions, and group lists the rest", async () => {
    const out = join(study, "..", "partial");
    const r = await runCli([
      "participant",
      study,
      out,
      "--participant-label",
      "01",
      "--participant-label",
      "sub-02",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const files = Object.keys(treeHashes(out));
    // Only sub-01 and sub-02 per-session files and their records; nothing study-wide.
    expect(
      files.every((f) => /^(sub-0[12]\/|stages\/fit\/sub-0[12]_)/.test(f)),
      files.join("\n"),
    ).toBe(true);
    expect(files.filter((f) => f.startsWith("stages/fit/"))).toEqual(
      all.filter((s) => /^sub-0[12] /.test(s)).map((s) => `stages/fit/${s.replace(" ", "_")}.json`),
    );
    const g = await runCli(["group", study, out]);
    expect(g.code).toBe(2);
    for (const s of all) {
      if (/^sub-0[12] /.test(s)) expect(g.stderr).not.toContain(`fit of ${s} is`);
      else expect(g.stderr).toContain(`fit of ${s} is missing`);
    }
    expect(g.stderr).toContain("--participant-label 03");
  });

  it("an unknown participant label is bad input (exit 2) naming the label", async () => {
    const r = await runCli(["participant", study, join(study, "..", "unknown"), "--participant-label", "99"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--participant-label 99: no participant-level work for sub-99");
    const bad = await runCli([
      "participant",
      study,
      join(study, "..", "unknown"),
      "--participant-label",
      "0/1",
    ]);
    expect(bad.code).toBe(2);
  });

  it("participant (in two batches) + group give the same bytes as fmrs run; an edited session makes group refuse it as stale", async () => {
    const runOut = join(study, "..", "by-run");
    const levelsOut = join(study, "..", "by-levels");
    expect((await runCli(["run", study, "--out", runOut, "--jobs", "1"])).code).toBe(0);
    const first = ["01", "02", "03", "04", "05", "06"];
    const rest = ["07", "08", "09", "10", "11", "12"];
    expect((await runCli(["participant", study, levelsOut, "--participant-label", ...first])).code).toBe(0);
    expect((await runCli(["participant", study, levelsOut, "--participant-label", ...rest])).code).toBe(0);
    const g = await runCli(["group", study, levelsOut]);
    expect(g.code, g.stderr).toBe(0);
    expect(g.stderr).toContain("23 participant-level units up to date");
    expect(treeHashes(levelsOut)).toEqual(treeHashes(runOut));
    // A session's data edited after its participant level ran: group names it as stale.
    const tsv = join(study, "sub-03", "ses-2", "mrs", "sub-03_ses-2_glx.tsv");
    writeFileSync(tsv, readFileSync(tsv, "utf8").replace(/\n$/, "\n\n"));
    const stale = await runCli(["group", study, levelsOut]);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain("fit of sub-03 ses-2 is stale");
    expect(stale.stderr).toContain("1 problems");
    // The participant level for that subject redoes only its changed session.
    const p = await runCli(["participant", study, levelsOut, "--participant-label", "03"]);
    expect(p.code).toBe(0);
    expect(p.stderr).toContain("1 sessions fitted, 1 up to date");
    expect((await runCli(["group", study, levelsOut])).code).toBe(0);
  });
});
