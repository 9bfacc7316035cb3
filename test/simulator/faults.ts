// Fault rules: each matching request uses up one of a rule's `count`; the first matching rule wins.

import type { FaultRule } from './types';

export class FaultBook {
  private rules: FaultRule[] = [];

  set(rules: FaultRule[]): void {
    this.rules = rules.map(normaliseRule);
  }

  add(rule: FaultRule): void {
    this.rules.push(normaliseRule(rule));
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule for this request, if any, counting it as used. */
  take(method: string, path: string): FaultRule | undefined {
    const rule = this.rules.find(
      (r) => (r.method === undefined || r.method.toUpperCase() === method) && (r.pathIncludes === undefined || path.includes(r.pathIncludes)),
    );
    if (!rule) return undefined;
    rule.count = (rule.count ?? 1) - 1;
    if (rule.count <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }
}

/** Missing or null count = 1; -1 (JSON has no Infinity) = unlimited. */
function normaliseRule(rule: FaultRule): FaultRule {
  const count = rule.count === undefined || rule.count === null ? 1 : rule.count < 0 ? Infinity : rule.count;
  return { ...rule, count };
}
