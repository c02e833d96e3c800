import { existsSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { InputError } from "@fmrs/schema";

/** `path` resolved through every symbolic link of its longest existing ancestor. */
function realish(path: string): string {
  const abs = resolve(path);
  const rest: string[] = [];
  let at = abs;
  while (!existsSync(at)) {
    const up = dirname(at);
    if (up === at) break;
    rest.unshift(basename(at));
    at = up;
  }
  let real = at;
  try {
    real = realpathSync(at);
  } catch {
    // unreadable: keep the resolved path
  }
  return join(real, ...rest);
}

/** True when `inner` is `outer` or lies inside it. */
function within(inner: string, outer: string): boolean {
  const r = relative(outer, inner);
  return r === "" || (!r.startsWith(`..${sep}`) && r !== ".." && !isAbsolute(r));
}

/**
 * Refuses an output folder that would overwrite inputs, before anything is written: the study
 * folder itself (`fmrs run S --out S` would replace S/study.json), a folder that contains the
 * study, or a folder inside the study other than under `<study>/derivatives/` (the raw data:
 * sub-*, phenotype, …); also an `--out` that names an existing file. Symbolic links are followed.
 * Throws InputError naming `--out`.
 */
export function checkOutputLocation(studyDir: string, outDir: string): void {
  const study = realish(studyDir);
  const out = realish(outDir);
  const where = { file: outDir, field: "--out" };
  const expected = `a folder outside the study, or under ${join(studyDir, "derivatives")}`;
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw new InputError(where, "is a file, not a folder", expected);
  }
  if (out === study)
    throw new InputError(where, "is the study folder itself: inputs would be overwritten", expected);
  if (within(study, out)) {
    throw new InputError(
      where,
      `contains the study folder ${studyDir}: inputs could be overwritten`,
      expected,
    );
  }
  if (within(out, study) && !within(out, join(study, "derivatives"))) {
    throw new InputError(where, "is inside the study's raw data: inputs could be overwritten", expected);
  }
}
