/** A fixed-effect model term: an interaction of one or more variables (a main effect has one). */
export interface LmmFixedTerm {
  /** R's term label: the variables in order of first appearance in the formula, joined by ":". */
  readonly label: string;
  readonly variables: readonly string[];
}

/** A random-intercept term `(1 | g)`; `g` may be an interaction of grouping columns (`a:b`). */
export interface LmmRandomTerm {
  /** lme4's group name, e.g. "subject" or "subject:session". */
  readonly label: string;
  readonly variables: readonly string[];
}

/** A parsed mixed-model formula. */
export interface LmmFormula {
  readonly response: string;
  /** Whether the fixed part has an intercept (R's default; removed by `0 +` or `- 1`). */
  readonly intercept: boolean;
  /** Fixed terms in R's order: by interaction order, then by first appearance (`terms.formula`). */
  readonly fixedTerms: readonly LmmFixedTerm[];
  readonly randomTerms: readonly LmmRandomTerm[];
  /** Every variable of the fixed part in order of first appearance (response excluded). */
  readonly fixedVariables: readonly string[];
}

type Token = { kind: "name"; value: string } | { kind: "num"; value: number } | { kind: "op"; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "`") {
      const end = text.indexOf("`", i + 1);
      if (end < 0) throw new Error(`parseLmmFormula: unclosed backquote in "${text}"`);
      tokens.push({ kind: "name", value: text.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z._]/.test(ch)) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9._]/.test(text[j]!)) j++;
      tokens.push({ kind: "name", value: text.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(ch)) {
      let j = i + 1;
      while (j < text.length && /[0-9.]/.test(text[j]!)) j++;
      tokens.push({ kind: "num", value: Number(text.slice(i, j)) });
      i = j;
    } else if ("~+-*:/()|".includes(ch)) {
      tokens.push({ kind: "op", value: ch });
      i++;
    } else {
      throw new Error(`parseLmmFormula: unexpected character "${ch}" in "${text}"`);
    }
  }
  return tokens;
}

/** A term during expansion: the set of its variables (empty = the intercept). */
type RawTerm = readonly string[];

interface Expansion {
  terms: RawTerm[];
  removed: RawTerm[];
  noIntercept: boolean;
  random: string[][];
}

const key = (t: RawTerm): string => [...t].sort().join("\u0000");

function union(a: RawTerm, b: RawTerm): RawTerm {
  const out = [...a];
  for (const v of b) if (!out.includes(v)) out.push(v);
  return out;
}

function uniqueTerms(terms: readonly RawTerm[]): RawTerm[] {
  const seen = new Set<string>();
  const out: RawTerm[] = [];
  for (const t of terms) {
    const k = key(t);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(t);
    }
  }
  return out;
}

class Parser {
  private pos = 0;
  readonly random: string[][] = [];
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isOp(value: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === "op" && t.value === value;
  }

  private fail(message: string): never {
    throw new Error(`parseLmmFormula: ${message} in "${this.text}"`);
  }

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** sum := ['-'] prod (('+'|'-') prod)* */
  sum(): Expansion {
    const out: Expansion = { terms: [], removed: [], noIntercept: false, random: [] };
    let sign = 1;
    if (this.isOp("-")) {
      this.pos++;
      sign = -1;
    } else if (this.isOp("+")) {
      this.pos++;
    }
    for (;;) {
      const t = this.peek();
      if (t?.kind === "num") {
        this.pos++;
        if (t.value === 0) out.noIntercept = sign > 0;
        else if (t.value === 1) out.noIntercept = sign < 0;
        else this.fail(`numeric term ${t.value}`);
      } else {
        const part = this.product();
        if (sign > 0) out.terms.push(...part);
        else out.removed.push(...part);
      }
      if (this.isOp("+")) {
        this.pos++;
        sign = 1;
      } else if (this.isOp("-")) {
        this.pos++;
        sign = -1;
      } else {
        break;
      }
    }
    return out;
  }

  /** prod := inter (('*'|'/') inter)* */
  private product(): RawTerm[] {
    let left = this.interaction();
    for (;;) {
      if (this.isOp("*")) {
        this.pos++;
        const right = this.interaction();
        left = uniqueTerms([...left, ...right, ...cross(left, right)]);
      } else if (this.isOp("/")) {
        this.pos++;
        const right = this.interaction();
        const all = left.reduce<RawTerm>((acc, t) => union(acc, t), []);
        left = uniqueTerms([...left, ...cross([all], right)]);
      } else {
        return left;
      }
    }
  }

  /** inter := atom (':' atom)* */
  private interaction(): RawTerm[] {
    let left = this.atom();
    while (this.isOp(":")) {
      this.pos++;
      left = cross(left, this.atom());
    }
    return left;
  }

  private atom(): RawTerm[] {
    const t = this.peek();
    if (t === undefined) this.fail("unexpected end");
    if (t.kind === "name") {
      this.pos++;
      return [[t.value]];
    }
    if (t.kind === "op" && t.value === "(") {
      // A random-effects bar term?
      let depth = 0;
      let bar = -1;
      let close = -1;
      for (let j = this.pos; j < this.tokens.length; j++) {
        const tj = this.tokens[j]!;
        if (tj.kind !== "op") continue;
        if (tj.value === "(") depth++;
        else if (tj.value === ")") {
          depth--;
          if (depth === 0) {
            close = j;
            break;
          }
        } else if (tj.value === "|" && depth === 1) bar = j;
      }
      if (close < 0) this.fail("unbalanced parentheses");
      if (bar >= 0) {
        const lhs = this.tokens.slice(this.pos + 1, bar);
        const isIntercept = lhs.length === 1 && lhs[0]!.kind === "num" && lhs[0]!.value === 1;
        if (!isIntercept) {
          this.fail("only random intercepts (1 | g) are supported");
        }
        const groupTokens = this.tokens.slice(bar + 1, close);
        this.random.push(...parseGrouping(groupTokens, this.text));
        this.pos = close + 1;
        return [];
      }
      this.pos++;
      const inner = this.sum();
      if (!this.isOp(")")) this.fail("expected )");
      this.pos++;
      if (inner.removed.length > 0 || inner.noIntercept) this.fail("'-' or '0' inside parentheses");
      return inner.terms;
    }
    return this.fail(`unexpected token ${t.value}`);
  }
}

function cross(a: readonly RawTerm[], b: readonly RawTerm[]): RawTerm[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  const out: RawTerm[] = [];
  for (const tb of b) for (const ta of a) out.push(union(ta, tb));
  return uniqueTerms(out);
}

/** `g`, `a:b` or `a/b` (= `a` + `b:a`, lme4's expansion) inside `(1 | ...)`. */
function parseGrouping(tokens: Token[], text: string): string[][] {
  const names: string[] = [];
  const ops: string[] = [];
  tokens.forEach((t, i) => {
    if (i % 2 === 0) {
      if (t.kind !== "name") throw new Error(`parseLmmFormula: bad grouping factor in "${text}"`);
      names.push(t.value);
    } else {
      if (t.kind !== "op" || (t.value !== ":" && t.value !== "/")) {
        throw new Error(`parseLmmFormula: bad grouping factor in "${text}"`);
      }
      ops.push(t.value);
    }
  });
  if (names.length === 0 || names.length !== ops.length + 1) {
    throw new Error(`parseLmmFormula: bad grouping factor in "${text}"`);
  }
  if (ops.every((o) => o === ":")) return [names];
  if (ops.every((o) => o === "/")) {
    // a/b/c -> (1|c:b:a) + (1|b:a) + (1|a), listed outer first here; lme4 reorders by level count.
    return names.map((_, i) => names.slice(0, i + 1).reverse());
  }
  throw new Error(`parseLmmFormula: mixing ':' and '/' in a grouping factor is not supported ("${text}")`);
}

/**
 * Parses an lme4-style formula such as `"madrs ~ treatment * time + period + (1 | subject) +
 * (1 | subject:session)"` (or, with `response` given, only its right-hand side) into R's term
 * structure: `*` expands to main effects and interaction, `:` is an interaction, `a/b` is
 * `a + a:b`, parentheses group, `- term` removes a term, `0 +` or `- 1` removes the intercept.
 * Fixed terms are ordered as R's `terms.formula` does (by interaction order, then by appearance);
 * the variables in a label by first appearance in the formula. Random terms must be random
 * intercepts `(1 | g)` with `g` a column, an interaction `a:b`, or nesting `a/b` (= `(1|a) +
 * (1|b:a)`). Throws on anything else (random slopes, `^`, functions of variables).
 */
export function parseLmmFormula(formula: string, response?: string): LmmFormula {
  const tokens = tokenize(formula);
  const tilde = tokens.findIndex((t) => t.kind === "op" && t.value === "~");
  let resp = response;
  let rhs = tokens;
  if (tilde >= 0) {
    const lhs = tokens.slice(0, tilde);
    const only = lhs[0];
    if (lhs.length !== 1 || only === undefined || only.kind !== "name") {
      throw new Error(`parseLmmFormula: the response must be one column name in "${formula}"`);
    }
    resp = only.value;
    rhs = tokens.slice(tilde + 1);
  }
  if (resp === undefined) throw new Error(`parseLmmFormula: no response in "${formula}"`);
  const parser = new Parser(rhs, formula);
  const expansion =
    rhs.length === 0 ? { terms: [], removed: [], noIntercept: false, random: [] } : parser.sum();
  if (!parser.done()) throw new Error(`parseLmmFormula: could not parse "${formula}"`);
  const removedKeys = new Set(expansion.removed.map(key));
  const kept = uniqueTerms(expansion.terms).filter((t) => t.length > 0 && !removedKeys.has(key(t)));
  const intercept = !expansion.noIntercept && !expansion.removed.some((t) => t.length === 0);
  // Variable order: first appearance in the formula text (R's variable list of the terms object).
  const order: string[] = [];
  for (const t of rhs) if (t.kind === "name" && !order.includes(t.value)) order.push(t.value);
  const rank = (v: string): number => order.indexOf(v);
  const ordered = kept
    .map((t, i) => ({ t: [...t].sort((a, b) => rank(a) - rank(b)), i }))
    .sort((a, b) => a.t.length - b.t.length || a.i - b.i)
    .map(({ t }) => ({ label: t.join(":"), variables: t }));
  const fixedVariables = order.filter((v) => ordered.some((t) => t.variables.includes(v)));
  const seenRandom = new Set<string>();
  const randomTerms: LmmRandomTerm[] = [];
  for (const vars of parser.random) {
    const label = vars.join(":");
    if (seenRandom.has(label)) continue;
    seenRandom.add(label);
    randomTerms.push({ label, variables: vars });
  }
  return { response: resp, intercept, fixedTerms: ordered, randomTerms, fixedVariables };
}
