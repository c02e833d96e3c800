import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testdataFolder } from "@fmrs/config";
import { describe, expect, it } from "vitest";
import { fitFileSeries, fitTableRows } from "./fitFile";
import { runCli } from "./testing";

const ref = testdataFolder("reference-data");
const basis3T = join(ref, "fmrs_bold_dynamic_fitting", "basis_3T");
const rda = join(ref, "suspect", "siemens", "SVS_30.rda");
const sdatWs = join(ref, "spant", "philips_spar_sdat_WS.SDAT");
const sdatW = join(ref, "spant", "philips_spar_sdat_W.SDAT");
const raw = join(ref, "lcmodel-test", "data.raw");
const control = join(ref, "lcmodel-test", "control.file");
const lcmBasis = join(ref, "lcmodel-test", "3t.basis");

/** The metabolite rows of a printed table: name → [amplitude, CRLB %, /tNAA, /tCr]. */
function tableOf(stdout: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of stdout.split("\n")) {
    const cells = line.trim().split(/\s+/);
    if (cells.length === 5 && cells[0] !== "metabolite") rows.set(cells[0] ?? "", cells.slice(1));
  }
  return rows;
}

const SUMMARY = /^block 1: 0–\d+ s, 1 transients, NAA FWHM \d+\.\d\d Hz, SNR (\d+\.\d|–)$/m;

describe("fmrs fit <file> reads every single-voxel format fmrs inspect reads", () => {
  it("Siemens .rda (suspect SVS_30.rda) with the FSL-MRS 3 T basis: a table, exit 0", async () => {
    const r = await runCli(["fit", rda, "--basis", basis3T]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(SUMMARY);
    const t = tableOf(r.stdout);
    for (const m of ["NAA", "Glu", "tNAA", "tCr", "Glx", "tCho"]) expect(t.has(m), m).toBe(true);
    expect(t.get("tCr")?.[3]).toBe("1.000");
  });

  it("Philips SDAT (spant WS) with --wref (its W file): the water reference sets coil weights and eddy-current correction", async () => {
    const r = await runCli(["fit", sdatWs, "--basis", basis3T, "--wref", sdatW]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(SUMMARY);
    // A tiny-scaled scanner file still prints readable amplitudes (4 significant digits).
    expect(tableOf(r.stdout).get("NAA")?.[0]).toMatch(/^\d\.\d{3}e-\d+$|^0\.0\d+$/);
    const withRef = fitFileSeries(sdatWs, basis3T, { wref: sdatW });
    const without = fitFileSeries(sdatWs, basis3T);
    expect(withRef.fit.eddyCurrentCorrected).toBe(true);
    expect(without.fit.eddyCurrentCorrected).toBe(false);
    expect(withRef.input.format).toBe("philips-sdat");
    // The .spar names the file too: fit accepts either half of the pair.
    const viaSpar = fitFileSeries(sdatWs.replace(/\.SDAT$/, ".SPAR"), basis3T, { wref: sdatW });
    expect(viaSpar.fit.blocks[0]?.values.tNAA).toBe(withRef.fit.blocks[0]?.values.tNAA);
  });

  it("LCModel .RAW: dwell and F0 from control.file beside it, basis from its FILBAS (LCModel's 3t.basis) or --basis", async () => {
    const r = await runCli(["fit", raw]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(SUMMARY);
    const fromControl = fitFileSeries(raw, undefined);
    expect(fromControl.input.dwellS).toBe(5e-4); // control.file: deltat=5e-04
    expect(fromControl.input.f0MHz).toBe(127.786142); // control.file: hzpppm=127.786142
    expect(fromControl.basisPath).toBe(lcmBasis);
    expect(fromControl.basis.names).toContain("NAA");
    // control.file sets no PPMST/PPMEND: LCModel's own default window, 0.2–4.0 ppm, as LCModel fitted it.
    expect(fromControl.input.ppmRange).toEqual([0.2, 4.0]);
    // Same data, same basis, same window as LCModel 6.3: ratios to tCr within 10 % of its table in
    // testdata/reference-data/lcmodel-test/out_ref_build.ps (NAA+NAAG 1.306, Glu 1.171, Glu+Gln 1.510,
    // Ins 0.911, GPC+PCh 0.250), through the command's own path (.RAW + control file + 3t.basis).
    const rows = fitTableRows(fromControl.fit);
    const lcmodel: Record<string, number> = { tNAA: 1.306, Glu: 1.171, Glx: 1.51, Ins: 0.911, tCho: 0.25 };
    for (const [name, ref] of Object.entries(lcmodel)) {
      const ours = rows.find((r) => r.metabolite === name)?.per_tcr ?? Number.NaN;
      expect(Math.abs(ours / ref - 1), `${name}/tCr ${ours} vs LCModel ${ref}`).toBeLessThan(0.1);
    }
    // A control file that sets the window is obeyed.
    const windowed = mkdtempSync(join(tmpdir(), "fmrs-raw-"));
    copyFileSync(raw, join(windowed, "data.raw"));
    writeFileSync(
      join(windowed, "control.file"),
      readFileSync(control, "latin1").replace(/\$END|&END/i, (end) => ` ppmst=3.9, ppmend=1.8\n ${end}`),
      "latin1",
    );
    expect(fitFileSeries(join(windowed, "data.raw"), lcmBasis).input.ppmRange).toEqual([1.8, 3.9]);
    // An explicit --control from another folder and an FSL-MRS basis work as well.
    const dir = mkdtempSync(join(tmpdir(), "fmrs-raw-"));
    copyFileSync(raw, join(dir, "spectrum.RAW"));
    const alone = await runCli(["fit", join(dir, "spectrum.RAW"), "--basis", basis3T]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain(join(dir, "spectrum.RAW"));
    expect(alone.stderr).toContain("control file");
    const explicit = await runCli([
      "fit",
      join(dir, "spectrum.RAW"),
      "--basis",
      basis3T,
      "--control",
      control,
    ]);
    expect(explicit.code, explicit.stderr).toBe(0);
    expect(explicit.stdout).toMatch(SUMMARY);
  });
});

describe("fmrs fit <file> --plot", () => {
  it("writes an SVG with data, fit, baseline, residual and one row per fitted metabolite; names are escaped; no file name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fmrs-plot-"));
    // A .BASIS whose Cr member has a name that must be escaped in SVG.
    const text = readFileSync(lcmBasis, "latin1").replace("METABO = 'Cr'", "METABO = 'Cr<&>\"'");
    const basis = join(dir, "odd.basis");
    writeFileSync(basis, text, "latin1");
    const out = join(dir, "plots", "fit.svg");
    const r = await runCli(["fit", raw, "--basis", basis, "--plot", out]);
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(out, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    for (const key of ["data", "fit", "baseline", "residual"]) {
      const d = new RegExp(`<path class="trace ${key}" d="(M[^"]+)"`).exec(svg)?.[1] ?? "";
      expect(d.split(/[ML]/).filter((s) => s !== "").length, key).toBeGreaterThan(100);
    }
    const fitted = fitFileSeries(raw, basis).fit.blocks[0]?.values ?? {};
    const nonZero = Object.entries(fitted).filter(
      ([n, v]) => v !== null && v > 0 && !["tNAA", "tCr", "Glx", "tCho"].includes(n),
    );
    expect(svg.match(/<g class="component">/g)?.length).toBe(nonZero.length);
    expect(svg.match(/<path class="trace component-trace" d="M[^"]+"/g)?.length).toBe(nonZero.length);
    expect(svg).toContain("Cr&lt;&amp;&gt;&quot;");
    expect(svg).not.toContain('Cr<&>"');
    expect(svg).not.toContain("data.raw");
    expect(svg).not.toContain(ref);
    // Atomic write: nothing but the SVG in its folder.
    expect(readdirSync(join(dir, "plots"))).toEqual(["fit.svg"]);
  });
});

describe("fmrs fit <file> on bad input exits 2 naming the file and writes nothing", () => {
  it("a missing file, an unknown extension, a corrupt .rda, a .sdat without .spar, a bad --wref", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fmrs-bad-"));
    const out = join(dir, "fit.svg");
    const cases: [string[], string][] = [];
    cases.push([["fit", join(dir, "none.rda"), "--basis", basis3T], join(dir, "none.rda")]);
    const txt = join(dir, "spectrum.txt");
    writeFileSync(txt, "hello");
    cases.push([["fit", txt, "--basis", basis3T], txt]);
    const bad = join(dir, "broken.rda");
    writeFileSync(bad, ">>> Begin of header <<<\r\nVectorSize: 1024\r\n");
    cases.push([["fit", bad, "--basis", basis3T], bad]);
    const lone = join(dir, "lone.sdat");
    copyFileSync(sdatWs, lone);
    cases.push([["fit", lone, "--basis", basis3T], lone]);
    cases.push([["fit", rda, "--basis", basis3T, "--wref", sdatW], sdatW]);
    cases.push([["fit", rda, "--basis", join(dir, "nobasis")], join(dir, "nobasis")]);
    for (const [argv, named] of cases) {
      const r = await runCli([...argv, "--plot", out]);
      expect(r.code, `${argv.join(" ")}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(named);
      expect(existsSync(out)).toBe(false);
    }
  });
});
