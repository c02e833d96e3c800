// Test support: layout checks of the report's charts run inside Chromium (page.evaluate), and
// the page fill of a printed PDF measured by Ghostscript's bounding-box device.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { Page } from "playwright-core";

/** One problem with the text of a chart: clipped by the SVG's edge, or overlapping another text. */
export interface TextProblem {
  readonly figure: string;
  readonly kind: "clipped" | "overlap";
  readonly text: string;
  readonly other?: string;
}

/**
 * Every `<text>` of every chart (`svg.fmrs-chart`) checked by its rendered bounding box: it must
 * lie inside its SVG (else it is clipped), and no two texts of one SVG may overlap by more than
 * `tolerancePx` in both directions. Boxes are the browser's (getBoundingClientRect), so they
 * measure the real font, not an estimate.
 */
export async function svgTextProblems(page: Page, tolerancePx = 1): Promise<TextProblem[]> {
  return page.evaluate((tol) => {
    const out: { figure: string; kind: "clipped" | "overlap"; text: string; other?: string }[] = [];
    for (const svg of document.querySelectorAll("svg.fmrs-chart")) {
      const fig = svg.closest("figure")?.id ?? svg.getAttribute("aria-label") ?? "";
      const frame = svg.getBoundingClientRect();
      const texts = [...svg.querySelectorAll("text")]
        .filter((t) => (t.textContent ?? "").trim() !== "")
        .map((t) => ({ text: t.textContent ?? "", box: t.getBoundingClientRect() }))
        .filter((t) => t.box.width > 0 && t.box.height > 0);
      for (const t of texts) {
        const b = t.box;
        if (
          b.left < frame.left - tol ||
          b.right > frame.right + tol ||
          b.top < frame.top - tol ||
          b.bottom > frame.bottom + tol
        )
          out.push({ figure: fig, kind: "clipped", text: t.text });
      }
      for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
          const a = (texts[i] as (typeof texts)[number]).box;
          const b = (texts[j] as (typeof texts)[number]).box;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > tol && h > tol)
            out.push({
              figure: fig,
              kind: "overlap",
              text: texts[i]?.text ?? "",
              other: texts[j]?.text ?? "",
            });
        }
      }
    }
    return out;
  }, tolerancePx);
}

/**
 * The smallest printed size in pt of any chart text, with where it is: font size (computed, px)
 * times the SVG's scale (rendered width over viewBox width) times 0.75 pt/px. Run it with the
 * page in print emulation and the viewport as wide as the printed page's content.
 */
export async function smallestChartTextPt(page: Page): Promise<{ pt: number; figure: string; text: string }> {
  return page.evaluate(() => {
    let best = { pt: Number.POSITIVE_INFINITY, figure: "", text: "" };
    for (const svg of document.querySelectorAll<SVGSVGElement>("svg.fmrs-chart")) {
      const vb = svg.viewBox.baseVal;
      const scale = vb && vb.width > 0 ? svg.getBoundingClientRect().width / vb.width : 1;
      for (const t of svg.querySelectorAll("text")) {
        if ((t.textContent ?? "").trim() === "") continue;
        const pt = Number.parseFloat(getComputedStyle(t).fontSize) * scale * 0.75;
        if (pt < best.pt) best = { pt, figure: svg.closest("figure")?.id ?? "", text: t.textContent ?? "" };
      }
    }
    return best;
  });
}

/** Ghostscript, whose bounding-box device measures what is drawn on each page of a PDF. */
export const GHOSTSCRIPT = process.env.GHOSTSCRIPT_PATH ?? "/usr/bin/gs";
export const GHOSTSCRIPT_INSTALL = "sudo apt-get install -y ghostscript";

/**
 * How full each page of a PDF is: the share of the page's printable height (between the top and
 * bottom margins, in pt) that lies above the lowest mark drawn on it, from Ghostscript's bbox
 * device (the bounding box of every mark, the white page itself excluded). A page whose content
 * ends a fifth of the way down reads 0.2. Throws with the install command when Ghostscript is absent.
 */
export function pdfPageFill(
  pdfPath: string,
  page: { heightPt: number; marginTopPt: number; marginBottomPt: number },
): number[] {
  if (!existsSync(GHOSTSCRIPT))
    throw new Error(
      `Ghostscript not found at ${GHOSTSCRIPT}: the print test measures pages with it. Install it with\n  ${GHOSTSCRIPT_INSTALL}\nor set GHOSTSCRIPT_PATH.`,
    );
  const r = spawnSync(GHOSTSCRIPT, ["-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=bbox", pdfPath], {
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`Ghostscript failed on ${pdfPath}: ${r.stderr}`);
  // The bbox device writes its boxes to stderr.
  const text = `${r.stdout}${r.stderr}`;
  const usable = page.heightPt - page.marginTopPt - page.marginBottomPt;
  return [...text.matchAll(/%%HiResBoundingBox: ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)/g)].map((m) => {
    // An empty page has the box 0 0 0 0.
    if (Number(m[3]) === 0 && Number(m[4]) === 0) return 0;
    const lowest = Number(m[2]);
    const filled = page.heightPt - page.marginTopPt - lowest;
    return Math.max(0, Math.min(1, filled / usable));
  });
}
