/**
 * String-building helpers shared by every chart: XML escaping, number rounding, elements,
 * the accessible `<svg>` root and the explanatory empty chart. Pure, no DOM.
 */

/** Options every chart takes. Sizes are CSS pixels. */
export interface ChartOptions {
  /** Width of the SVG in px (finite, > 0). */
  readonly width: number;
  /** Height of the SVG in px (finite, > 0). */
  readonly height: number;
  /** Short accessible name: the `<title>` and `aria-label`. */
  readonly title: string;
  /** Longer text alternative: the `<desc>`, referenced by `aria-describedby`. */
  readonly description: string;
  /**
   * Prefix of every id in the SVG (title, desc, patterns). Give each chart on a page its own;
   * defaults to the chart's kind (e.g. "forest-plot"). Characters outside `[A-Za-z0-9_-]` become `_`.
   */
  readonly idPrefix?: string;
}

// XML 1.0 forbids these code points even as character references, so they are dropped from text.
// Built from char codes: a regex literal listing control characters reads as a mistake to the linter.
const forbiddenXmlChars = new RegExp(
  "[" +
    String.fromCharCode(0) +
    "-" +
    String.fromCharCode(8) +
    String.fromCharCode(11, 12) +
    String.fromCharCode(14) +
    "-" +
    String.fromCharCode(31) +
    String.fromCharCode(0xfffe, 0xffff) +
    "]",
  "g",
);

const xmlEntities: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

const LRE_RLE_LRO_RLO = /[\u202a\u202b\u202d\u202e]/;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

/**
 * `s` isolated from the text around it when it holds bidirectional controls: the embeddings and
 * overrides it opens (U+202A, B, D, E; isolates U+2066–2068) are closed at its end, closers
 * without an opener (U+202C PDF, U+2069 PDI) are dropped, and the whole is wrapped in U+2068 FSI …
 * U+2069 PDI, the character form of `<bdi>` / `dir=auto` that also works inside attributes and SVG
 * text. So a U+202E in a participant label cannot reverse the numbers printed beside it.
 * Text without bidi controls is returned unchanged.
 */
export function isolateBidi(s: string): string {
  if (!BIDI.test(s)) return s;
  const open: string[] = [];
  let out = "";
  for (const c of s) {
    if (LRE_RLE_LRO_RLO.test(c)) {
      open.push("\u202c");
      out += c;
    } else if (c === "\u2066" || c === "\u2067" || c === "\u2068") {
      open.push("\u2069");
      out += c;
    } else if (c === "\u202c") {
      // PDF closes the innermost embedding only when no isolate is open inside it (UAX #9 X7).
      if (open.length > 0 && open[open.length - 1] === "\u202c") out += open.pop();
    } else if (c === "\u2069") {
      const at = open.lastIndexOf("\u2069");
      if (at >= 0) {
        while (open.length > at) out += open.pop();
      }
    } else out += c;
  }
  while (open.length > 0) out += open.pop();
  return `\u2068${out}\u2069`;
}

/**
 * `s` with `& < > " '` escaped as entities, XML-forbidden control characters removed, and bidi
 * controls isolated ({@link isolateBidi}).
 */
export function escapeXml(s: string): string {
  return isolateBidi(s.replace(forbiddenXmlChars, "")).replace(/[&<>"']/g, (c) => xmlEntities[c] ?? c);
}

/**
 * `x` rounded to at most `digits` decimals (default 2) as the shortest string: no trailing zeros,
 * no `-0`, no exponent for ordinary chart sizes. A non-finite value gives "0" so that "NaN"
 * can never reach an attribute (callers filter missing values before this point).
 */
export function fmtNum(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return "0";
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) || r === 0 ? "0" : String(r);
}

/** "x,y" with both rounded by `fmtNum`, for path data. */
export function fmtPoint(x: number, y: number): string {
  return fmtNum(x) + "," + fmtNum(y);
}

export type AttrValue = string | number | null | undefined | false;

/**
 * One element as a string. String attribute values are escaped, numbers rounded with `fmtNum`;
 * null, undefined and false attributes are left out. `children` is raw markup (already built or
 * escaped); without children the element self-closes.
 */
export function el(name: string, attrs: Readonly<Record<string, AttrValue>>, children?: string): string {
  let out = "<" + name;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    out += " " + key + '="' + (typeof value === "number" ? fmtNum(value) : escapeXml(value)) + '"';
  }
  return children === undefined || children === "" ? out + "/>" : out + ">" + children + "</" + name + ">";
}

/** A `<text>` element whose content is escaped. */
export function textEl(attrs: Readonly<Record<string, AttrValue>>, content: string): string {
  return el("text", attrs, escapeXml(content));
}

/** The id prefix of a chart: the caller's `idPrefix` (sanitised) or the chart kind. */
export function idPrefixOf(options: ChartOptions, kind: string): string {
  const raw = options.idPrefix ?? kind;
  const clean = raw.replace(/[^A-Za-z0-9_-]/g, "_");
  return /^[A-Za-z_]/.test(clean) ? clean : "c-" + clean;
}

/** Checked width and height; throws a RangeError when either is not a finite positive number. */
export function chartSize(options: ChartOptions, kind: string): { width: number; height: number } {
  const { width, height } = options;
  if (!(Number.isFinite(width) && width > 0 && Number.isFinite(height) && height > 0)) {
    throw new RangeError(`${kind}: width and height must be finite and > 0 (got ${width} × ${height})`);
  }
  return { width, height };
}

/**
 * The accessible root: `role="img"`, `aria-label` = title, `aria-describedby` → `<desc>`,
 * `<title>` and `<desc>` first, then optional `<defs>` and the body.
 */
export function svgRoot(
  options: ChartOptions,
  kind: string,
  body: string,
  extra: { readonly defs?: string; readonly descSuffix?: string; readonly className?: string } = {},
): string {
  const { width, height } = chartSize(options, kind);
  const p = idPrefixOf(options, kind);
  const desc = extra.descSuffix ? options.description + " " + extra.descSuffix : options.description;
  return el(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      width,
      height,
      viewBox: `0 0 ${fmtNum(width)} ${fmtNum(height)}`,
      role: "img",
      "aria-label": options.title,
      "aria-describedby": `${p}-desc`,
      class: extra.className ? `fmrs-chart ${kind} ${extra.className}` : `fmrs-chart ${kind}`,
      "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
      "font-size": 11,
    },
    el("title", { id: `${p}-title` }, escapeXml(options.title)) +
      el("desc", { id: `${p}-desc` }, escapeXml(desc)) +
      (extra.defs ? el("defs", {}, extra.defs) : "") +
      body,
  );
}

/**
 * The chart drawn when there is nothing to plot: a frame, the title and `message` centred, and
 * the message appended to `<desc>` so screen readers hear it too. Never throws for data reasons.
 */
export function emptyChart(options: ChartOptions, kind: string, message: string): string {
  const { width, height } = chartSize(options, kind);
  const body =
    el("rect", {
      x: 0.5,
      y: 0.5,
      width: Math.max(0, width - 1),
      height: Math.max(0, height - 1),
      fill: "#ffffff",
      stroke: "#bbbbbb",
      "stroke-dasharray": "4 3",
    }) +
    textEl(
      { x: width / 2, y: height / 2 - 8, "text-anchor": "middle", "font-weight": "bold", fill: "#333333" },
      options.title,
    ) +
    textEl(
      { class: "empty-message", x: width / 2, y: height / 2 + 10, "text-anchor": "middle", fill: "#555555" },
      message,
    );
  return svgRoot(options, kind, body, { descSuffix: message, className: "empty" });
}

/** Rough rendered width of `s` in px at `fontSize` (0.6 em per character), for layout only. */
export function textWidth(s: string, fontSize = 11): number {
  return s.length * fontSize * 0.6;
}

/**
 * Where to anchor a label of `text` centred on `x` so that it stays inside [0, width]: the x and
 * `text-anchor` to use (start or end near the edges, middle otherwise).
 */
export function keepInside(
  x: number,
  text: string,
  width: number,
  fontSize = 11,
): { x: number; "text-anchor": "start" | "middle" | "end" } {
  const half = textWidth(text, fontSize) / 2;
  if (x - half < 2) return { x: Math.max(2, x - 6), "text-anchor": "start" };
  if (x + half > width - 2) return { x: Math.min(width - 2, x + 6), "text-anchor": "end" };
  return { x, "text-anchor": "middle" };
}

/** A finite number, or null for null, undefined, NaN and ±Infinity. */
export function finite(x: number | null | undefined): number | null {
  return typeof x === "number" && Number.isFinite(x) ? x : null;
}

/** `s` shortened to at most `max` characters with an ellipsis. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, Math.max(1, max - 1)) + "…";
}
