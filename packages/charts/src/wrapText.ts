import { textWidth } from "./svg";

/**
 * `s` broken into lines at spaces so that each line fits `maxWidth` px at `fontSize` (by the
 * charts' 0.6 em per character rule); a single word longer than the width is broken with a hyphen.
 * Never drops a character: the lines joined by spaces give back `s` (up to the hyphenation).
 */
export function wrapText(s: string, maxWidth: number, fontSize = 11): string[] {
  const maxChars = Math.max(4, Math.floor(maxWidth / textWidth("m", fontSize)));
  const lines: string[] = [];
  let line = "";
  for (const raw of s.split(/\s+/).filter((w) => w !== "")) {
    let word = raw;
    while (word.length > maxChars) {
      if (line !== "") {
        lines.push(line);
        line = "";
      }
      lines.push(`${word.slice(0, maxChars - 1)}-`);
      word = word.slice(maxChars - 1);
    }
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= maxChars) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  return lines.length === 0 ? [""] : lines;
}

/** Standard normal quantile Φ⁻¹(p) by Acklam's rational approximation (relative error < 1.2e-9), for plot positions. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : Number.NaN;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  const poly = (k: readonly number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/** Normal plot positions as R's qqnorm (ppoints): (i − a)/(n + 1 − 2a), a = 3/8 for n ≤ 10 (Blom 1958), else 1/2. */
export function normalScores(n: number): number[] {
  const a = n <= 10 ? 3 / 8 : 1 / 2;
  return Array.from({ length: n }, (_, i) => normalQuantile((i + 1 - a) / (n + 1 - 2 * a)));
}
