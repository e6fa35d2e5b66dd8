import { AppError } from '../platform/errors.js';
import { gradeRank, grades, type Bilingual, type Grade } from './catalog-schema.js';
import type { GradingRules } from './thresholds.js';

/**
 * Grading an incident (特别重大 I, 重大 II, 较大 III, 一般 IV) from the facts
 * entered, under the grading guide annexed to the 2025 Incident Reporting
 * Measures: every rule whose fact reaches its threshold fires ("以上"
 * includes the number itself), the most serious grade among them wins, and
 * with none firing the incident is 一般 (IV). Pure.
 */
export type IncidentFacts = Record<string, number>;

export interface FiredRule {
  fact: string;
  value: number;
  threshold: number;
  grade: Exclude<Grade, 'IV'>;
  /** `<fact>.<grade>`. */
  rule: string;
  uncertain: boolean;
  overridden: boolean;
}

export interface GradeResult {
  grade: Grade;
  label: Bilingual;
  /** Every rule that fired, the most serious first (catalogue order within a grade). */
  fired: FiredRule[];
  /** Thresholds changed from the environment, whether they fired or not: they shape the result. */
  overridden: { rule: string; variable: string; threshold: number; catalogThreshold: number }[];
}

const invalid = (field: string, messages: Bilingual) =>
  new AppError('validation_failed', messages, { field }, field);

export interface ParsedFacts {
  facts: IncidentFacts;
  /** The GB/T 20986-2023 category, when given. */
  category: string | undefined;
}

/**
 * Checks the facts of an incident as a user or a file gives them: an object
 * of the catalogue's facts (numbers, at least 0; counts whole), optionally
 * with its `category`. Unknown keys, negative or non-numeric values and
 * unknown categories are refused with an error naming the field.
 */
export function parseFacts(input: unknown, rules: GradingRules): ParsedFacts {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw invalid('facts', {
      zh: '事件事实应为一个对象，如 {"pi_individuals": 1000000}。',
      en: 'The incident facts must be an object, such as {"pi_individuals": 1000000}.',
    });
  const defs = new Map(rules.facts.map((f) => [f.key, f]));
  const facts: IncidentFacts = {};
  let category: string | undefined;
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (key === 'category') {
      if (typeof value !== 'string' || !rules.categories.includes(value))
        throw invalid('category', {
          zh: `事件类别“${String(value)}”不在GB/T 20986-2023类别目录中，可选：${rules.categories.join('、')}。`,
          en: `The category "${String(value)}" is not a GB/T 20986-2023 category; one of ${rules.categories.join(', ')}.`,
        });
      category = value;
      continue;
    }
    const def = defs.get(key);
    if (!def)
      throw invalid(key, {
        zh: `未知的事件事实“${key}”，可填写：${[...defs.keys()].join('、')}、category。`,
        en: `Unknown incident fact "${key}"; the facts are ${[...defs.keys()].join(', ')} and category.`,
      });
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw invalid(key, {
        zh: `“${def.label.zh}”（${key}）应为数值，实际为 ${JSON.stringify(value)}。`,
        en: `${def.label.en} (${key}) must be a number, got ${JSON.stringify(value)}.`,
      });
    if (value < 0)
      throw invalid(key, {
        zh: `“${def.label.zh}”（${key}）不能为负数，实际为 ${value}。`,
        en: `${def.label.en} (${key}) cannot be negative, got ${value}.`,
      });
    if (def.integer && !Number.isInteger(value))
      throw invalid(key, {
        zh: `“${def.label.zh}”（${key}）是人数或次数，应为整数，实际为 ${value}。`,
        en: `${def.label.en} (${key}) counts ${def.unit.en}: a whole number, got ${value}.`,
      });
    if (def.max !== undefined && value > def.max)
      throw invalid(key, {
        zh: `“${def.label.zh}”（${key}）不能大于${def.max}，实际为 ${value}。`,
        en: `${def.label.en} (${key}) cannot be more than ${def.max}, got ${value}.`,
      });
    facts[key] = value;
  }
  return { facts, category };
}

/** The grade of an incident from its facts (checked with parseFacts) under the rules in effect. */
export function grade(input: unknown, rules: GradingRules): GradeResult {
  const { facts } = parseFacts(input, rules);
  const defs = new Map(rules.facts.map((f) => [f.key, f]));
  // A fact is never less than the facts it includes (a provincial portal's outage is
  // also an outage of a prefecture-level-or-higher portal).
  const value = (fact: string): number | undefined => {
    const own = facts[fact];
    const others = (defs.get(fact)?.at_least_of ?? []).map((f) => facts[f]).filter((v) => v !== undefined);
    const all = [own, ...others].filter((v): v is number => v !== undefined);
    return all.length ? Math.max(...all) : undefined;
  };
  const fired: FiredRule[] = [];
  for (const r of rules.rules) {
    const v = value(r.fact);
    if (v === undefined || v < r.threshold) continue;
    fired.push({
      fact: r.fact,
      value: v,
      threshold: r.threshold,
      grade: r.grade,
      rule: r.id,
      uncertain: r.uncertain,
      overridden: r.overridden,
    });
  }
  // Stable: catalogue order within a grade.
  fired.sort((a, b) => gradeRank(a.grade) - gradeRank(b.grade));
  const result: Grade = fired[0]?.grade ?? grades[3];
  return {
    grade: result,
    label: rules.labels[result],
    fired,
    overridden: rules.rules
      .filter((r) => r.overridden)
      .map((r) => ({
        rule: r.id,
        variable: r.variable!,
        threshold: r.threshold,
        catalogThreshold: r.catalogThreshold,
      })),
  };
}

/** A grade written I, II, III or IV; anything else is refused naming the field. */
export function parseGrade(input: unknown, field = 'grade'): Grade {
  if (typeof input === 'string' && (grades as readonly string[]).includes(input.trim().toUpperCase()))
    return input.trim().toUpperCase() as Grade;
  throw invalid(field, {
    zh: `事件级别应为 I（特别重大）、II（重大）、III（较大）或 IV（一般），实际为“${String(input)}”。`,
    en: `The grade must be I (especially major), II (major), III (significant) or IV (general), got "${String(input)}".`,
  });
}
