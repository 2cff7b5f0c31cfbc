// Checks of one PromQL expression against a Prometheus that scrapes the operator: it parses, it
// evaluates, and it (and every selector in it) returns series.
import type { Rule } from './expressions.js';
import { selectorsOf, withoutThreshold } from './expressions.js';
import type { AstNode, PrometheusServer } from './prometheus.js';

/** A problem found with an expression, worded for a test failure message. */
export interface Finding {
  where: string;
  expr: string;
  problem: string;
}

/** The metric names an expression's selectors read (`__name__="..."` matchers). */
export function metricNamesOf(ast: unknown): string[] {
  return selectorsOf(ast).flatMap((s) => /__name__="([^"]+)"/.exec(s)?.[1] ?? []);
}

async function seriesCount(prometheus: PrometheusServer, expr: string): Promise<number | string> {
  const answer = await prometheus.query(expr);
  if (answer.status !== 'success') return `${answer.errorType ?? 'error'}: ${answer.error ?? ''}`;
  return answer.data?.result.length ?? 0;
}

/** The expression parses: its AST, or the finding saying why not. */
export async function parsed(
  prometheus: PrometheusServer,
  where: string,
  expr: string,
): Promise<{ ast: AstNode } | { finding: Finding }> {
  const answer = await prometheus.parse(expr);
  if (answer.status === 'success' && answer.data) return { ast: answer.data };
  return { finding: { where, expr, problem: `does not parse: ${answer.error ?? answer.status}` } };
}

/**
 * What is wrong with a query that should return series now: a parse or evaluation error, no series
 * from the whole expression, or no series from one of its selectors (which `or vector(0)` or an
 * aggregation would otherwise hide).
 */
export async function checkReturnsSeries(
  prometheus: PrometheusServer,
  where: string,
  expr: string,
): Promise<Finding[]> {
  const parse = await parsed(prometheus, where, expr);
  if ('finding' in parse) return [parse.finding];
  const findings: Finding[] = [];
  const count = await seriesCount(prometheus, expr);
  if (typeof count === 'string') findings.push({ where, expr, problem: `fails: ${count}` });
  else if (count === 0) findings.push({ where, expr, problem: 'returns no series' });
  for (const selector of new Set(selectorsOf(parse.ast))) {
    if ((await seriesCount(prometheus, selector)) === 0)
      findings.push({ where, expr: selector, problem: 'selector returns no series' });
  }
  return findings;
}

/**
 * Checks an alert or recording rule. A recording rule's expression must return series. An alert's
 * expression returns series only while it fires, so what must return series is the quantity it
 * compares with its threshold: the expression without `> 900` and the like, and every selector in it.
 * The cut text must parse to the same AST as Prometheus' own left-hand side, so the cut is exact.
 */
export async function checkRule(prometheus: PrometheusServer, rule: Rule): Promise<Finding[]> {
  const where = rule.alert ? `alert ${rule.alert}` : `recording rule ${rule.record ?? '?'}`;
  if (!rule.alert) return checkReturnsSeries(prometheus, where, rule.expr);
  const parse = await parsed(prometheus, where, rule.expr);
  if ('finding' in parse) return [parse.finding];
  const cut = withoutThreshold(rule.expr, parse.ast);
  if (!cut) return [{ where, expr: rule.expr, problem: 'is not `<quantity> <comparison> <number>`' }];
  const cutParse = await parsed(prometheus, where, cut.lhs);
  if ('finding' in cutParse) return [cutParse.finding];
  if (JSON.stringify(cutParse.ast) !== JSON.stringify(cut.lhsAst))
    return [{ where, expr: cut.lhs, problem: 'the cut is not the left-hand side of the comparison' }];
  return checkReturnsSeries(prometheus, where, cut.lhs);
}
