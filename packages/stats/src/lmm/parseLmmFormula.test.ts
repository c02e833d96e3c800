import { describe, expect, it } from "vitest";
import { parseLmmFormula } from "./parseLmmFormula";

const labels = (f: string) => parseLmmFormula(f).fixedTerms.map((t) => t.label);

describe("parseLmmFormula", () => {
  it('parseLmmFormula("y ~ treatment * sex + period + (1 | subject)") orders terms as R\'s terms()', () => {
    const f = parseLmmFormula("y ~ treatment * sex + period + (1 | subject)");
    expect(f.response).toBe("y");
    expect(f.intercept).toBe(true);
    expect(f.fixedTerms.map((t) => t.label)).toEqual(["treatment", "sex", "period", "treatment:sex"]);
    expect(f.randomTerms).toEqual([{ label: "subject", variables: ["subject"] }]);
  });

  it('parseLmmFormula("y ~ a*b*c") expands to all main effects and interactions by order', () => {
    expect(labels("y ~ a*b*c")).toEqual(["a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"]);
  });

  it("parseLmmFormula(formula) names interaction variables by first appearance (b:a stays b:a)", () => {
    expect(labels("y ~ b:a + a")).toEqual(["a", "b:a"]);
    expect(labels("y ~ a + b + b:a")).toEqual(["a", "b", "a:b"]);
  });

  it("parseLmmFormula(formula) handles parentheses, nesting a/b, removal and no intercept", () => {
    expect(labels("y ~ (a + b):c")).toEqual(["a:c", "b:c"]);
    expect(labels("y ~ a/b")).toEqual(["a", "a:b"]);
    expect(labels("y ~ a * b - a:b")).toEqual(["a", "b"]);
    expect(parseLmmFormula("y ~ 0 + a").intercept).toBe(false);
    expect(parseLmmFormula("y ~ a - 1").intercept).toBe(false);
    expect(parseLmmFormula("y ~ 1 + (1 | g)").fixedTerms).toEqual([]);
  });

  it("parseLmmFormula(formula) reads (1 | a:b) and expands (1 | a/b) as lme4", () => {
    const f = parseLmmFormula("y ~ x + (1 | subject) + (1 | subject:session)");
    expect(f.randomTerms.map((r) => r.label)).toEqual(["subject", "subject:session"]);
    const g = parseLmmFormula("y ~ x + (1 | site/subject)");
    expect(g.randomTerms.map((r) => r.label)).toEqual(["site", "subject:site"]);
  });

  it("parseLmmFormula(rhs, response) parses a right-hand side alone", () => {
    const f = parseLmmFormula("treatment + period + (1 | subject)", "madrs_change");
    expect(f.response).toBe("madrs_change");
    expect(f.fixedVariables).toEqual(["treatment", "period"]);
  });

  it("parseLmmFormula(formula) rejects random slopes and malformed input", () => {
    expect(() => parseLmmFormula("y ~ x + (x | g)")).toThrow(/random intercepts/);
    expect(() => parseLmmFormula("y ~ x + (1 + x | g)")).toThrow(/random intercepts/);
    expect(() => parseLmmFormula("y ~ x^2")).toThrow(/unexpected character/);
    expect(() => parseLmmFormula("y ~ (a + b")).toThrow();
    expect(() => parseLmmFormula("a + b ~ x")).toThrow(/response/);
    expect(() => parseLmmFormula("x + z")).toThrow(/no response/);
  });
});
