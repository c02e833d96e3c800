/**
 * Test helpers for the chart package: XML well-formedness, DOM queries on the parsed SVG,
 * path-data parsing and byte-for-byte golden files. Test-only (uses node:fs).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DOMParser, type Element, onWarningStopParsing } from "@xmldom/xmldom";
import { expect } from "vitest";

export const goldenDir = join(dirname(fileURLToPath(import.meta.url)), "golden");

/**
 * The SVG parsed as XML; throws on any well-formedness error or warning (xmldom), and on a bare
 * `&` that does not start a character or predefined entity reference (which xmldom tolerates).
 */
export function parseSvg(svg: string): Element {
  const bareAmp = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/.exec(svg);
  if (bareAmp)
    throw new Error(`unescaped & at ${bareAmp.index}: ${svg.slice(bareAmp.index, bareAmp.index + 20)}`);
  const doc = new DOMParser({ onError: onWarningStopParsing }).parseFromString(svg, "image/svg+xml");
  const root = doc.documentElement;
  if (root === null || root.tagName !== "svg") throw new Error("root element is not <svg>");
  return root;
}

/** All descendants of `root` named `tag` (or every element for "*"), optionally with class `cls`. */
export function all(root: Element, tag: string, cls?: string): Element[] {
  const list = root.getElementsByTagName(tag);
  const out: Element[] = [];
  for (let i = 0; i < list.length; i++) {
    const e = list.item(i);
    if (e === null) continue;
    if (cls === undefined || (e.getAttribute("class") ?? "").split(/\s+/).includes(cls)) out.push(e);
  }
  return out;
}

/** Elements of class `cls` (any tag) whose attribute `attr` equals `value`. */
export function withAttr(root: Element, cls: string, attr: string, value: string): Element[] {
  return all(root, "*", cls).filter((e) => e.getAttribute(attr) === value);
}

/**
 * Pixel position of the tick labelled `label` on the first axis of class `axisClass`
 * ("axis-x": its x; "axis-y": its y). Tick labels use d3-format, so negatives read "−4".
 */
export function tickAt(root: Element, axisClass: "axis-x" | "axis-y", label: string): number {
  const axis = all(root, "g", axisClass)[0];
  if (axis === undefined) throw new Error(`no ${axisClass}`);
  const t = all(axis, "text").find((e) => e.textContent === label);
  if (t === undefined) throw new Error(`no tick labelled ${label}`);
  return num(t, axisClass === "axis-x" ? "x" : "y");
}

/** The domain an axis reports in its data-min / data-max attributes. */
export function axisDomain(root: Element, axisClass: "axis-x" | "axis-y"): [number, number] {
  const axis = all(root, "g", axisClass)[0];
  if (axis === undefined) throw new Error(`no ${axisClass}`);
  return [num(axis, "data-min"), num(axis, "data-max")];
}

/** The number attribute `name` of `e` (NaN when absent). */
export function num(e: Element, name: string): number {
  return Number(e.getAttribute(name) ?? "NaN");
}

/** The translate(x y) of a marker. */
export function translateOf(e: Element): [number, number] {
  const m = /translate\(([-0-9.e]+)[ ,]([-0-9.e]+)\)/.exec(e.getAttribute("transform") ?? "");
  if (!m) throw new Error("no translate()");
  return [Number(m[1]), Number(m[2])];
}

/** The vertices of straight-segment path data (M/L/H/V/Z, absolute), as [x, y] pairs per subpath. */
export function pathSubpaths(d: string): [number, number][][] {
  const out: [number, number][][] = [];
  const re = /([MLZ])([^MLZ]*)/g;
  for (let m = re.exec(d); m !== null; m = re.exec(d)) {
    if (m[1] === "Z") continue;
    const [xs = "NaN", ys = "NaN"] = (m[2] ?? "").split(",");
    const p: [number, number] = [Number(xs), Number(ys)];
    if (m[1] === "M") out.push([p]);
    else out[out.length - 1]?.push(p);
  }
  return out;
}

/** Every number written in the SVG's attributes and text, for rounding checks. */
export function decimalsUsed(svg: string): number {
  let max = 0;
  for (const m of svg.matchAll(/-?\d+\.(\d+)/g)) max = Math.max(max, (m[1] ?? "").length);
  return max;
}

/**
 * Compares `svg` byte for byte with `test/golden/<name>.svg`. Absent golden: written, and the
 * test passes. Mismatch: `<name>.changed.svg` is written beside it and the test fails; run
 * `vitest -u` to accept the change on purpose. A stale `.changed.svg` is removed on a match.
 */
export function expectGolden(
  name: string,
  svg: string,
  { dir = goldenDir, update = expect.getState().snapshotState?.snapshotUpdateState === "all" } = {},
): void {
  const file = join(dir, `${name}.svg`);
  const changed = join(dir, `${name}.changed.svg`);
  const text = svg + "\n";
  if (!existsSync(file) || update) {
    writeFileSync(file, text);
    rmSync(changed, { force: true });
    return;
  }
  const golden = readFileSync(file, "utf8");
  if (golden === text) {
    rmSync(changed, { force: true });
    return;
  }
  writeFileSync(changed, text);
  expect.fail(`${name}.svg differs from its golden; the new output is in ${changed} (vitest -u accepts it)`);
}
