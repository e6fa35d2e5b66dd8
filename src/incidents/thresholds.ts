import { AppError } from '../platform/errors.js';
import {
  thresholdOrderProblems,
  type Bilingual,
  type FactDefinition,
  type Grade,
  type IncidentsFile,
} from './catalog-schema.js';

/**
 * The grading thresholds in effect: the catalogue's, with the uncertain ones
 * overridden from the environment. One variable per rule,
 * WANGAN_INCIDENTS_THRESHOLD_<FACT>_<GRADE> (the fact's key in capitals):
 * WANGAN_INCIDENTS_THRESHOLD_CII_WHOLE_OUTAGE_HOURS_II=1.5. Only thresholds
 * marked uncertain can be changed; a variable for a fixed threshold, for no
 * threshold at all (a typo), or with a value that is not a number is refused
 * with an error naming it, rather than silently grading with the default.
 * Pure: the environment is passed in.
 */
export const thresholdPrefix = 'WANGAN_INCIDENTS_THRESHOLD_';

export const thresholdVariable = (fact: string, grade: Grade) =>
  `${thresholdPrefix}${fact.toUpperCase()}_${grade}`;

export interface GradingRule {
  /** `<fact>.<grade>`: cii_whole_outage_hours.II. */
  id: string;
  fact: string;
  grade: Exclude<Grade, 'IV'>;
  /** The threshold in effect (a value at or above it reaches the grade). */
  threshold: number;
  /** The catalogue's value. */
  catalogThreshold: number;
  uncertain: boolean;
  /** Set from the environment (only uncertain thresholds can be). */
  overridden: boolean;
  /** The variable that overrides it; null for a fixed threshold. */
  variable: string | null;
  note: Bilingual | undefined;
  citations: string[];
}

export interface GradingRules {
  facts: FactDefinition[];
  rules: GradingRule[];
  labels: Record<Grade, Bilingual>;
  /** Every category code (classes and subclasses) of GB/T 20986-2023 in the catalogue. */
  categories: string[];
  judgement: Bilingual;
}

const invalid = (variable: string, messages: Bilingual) =>
  new AppError('validation_failed', messages, { field: variable }, variable);

/** The variables that may be set: one per uncertain threshold (for the settings' docs and `--help`). */
export function thresholdVariables(catalog: IncidentsFile): string[] {
  return catalog.grading.rules.filter((r) => r.uncertain).map((r) => thresholdVariable(r.fact, r.grade));
}

/**
 * The module's settings section for the thresholds (SettingsSection of
 * src/platform/module.ts): the catalogue's values, the environment only
 * overriding the uncertain ones, refused at start when a variable is wrong.
 */
export function thresholdSettings(catalog: IncidentsFile): {
  read(env: NodeJS.ProcessEnv): GradingRules;
  variables: readonly string[];
} {
  return { read: (env) => gradingRules(catalog, env), variables: thresholdVariables(catalog) };
}

/** The catalogue's grading rules with the environment's overrides applied. */
export function gradingRules(
  catalog: IncidentsFile,
  env: Readonly<Record<string, string | undefined>> = {},
): GradingRules {
  const facts = new Map(catalog.facts.map((f) => [f.key, f]));
  const byVariable = new Map(catalog.grading.rules.map((r) => [thresholdVariable(r.fact, r.grade), r]));
  for (const name of Object.keys(env)) {
    if (!name.startsWith(thresholdPrefix) || env[name] === undefined || env[name] === '') continue;
    if (!byVariable.has(name))
      throw invalid(name, {
        zh: `环境变量 ${name} 不对应任何事件分级阈值，请检查拼写（可调整的阈值可用 wangan incidents thresholds 查看）。`,
        en: `${name} is not an incident grading threshold: check its spelling (wangan incidents thresholds lists the ones that can be set).`,
      });
  }
  const rules = catalog.grading.rules.map((r): GradingRule => {
    const variable = thresholdVariable(r.fact, r.grade);
    const raw = env[variable];
    const def = facts.get(r.fact)!;
    const base = {
      id: `${r.fact}.${r.grade}`,
      fact: r.fact,
      grade: r.grade,
      catalogThreshold: r.threshold,
      uncertain: r.uncertain,
      variable: r.uncertain ? variable : null,
      note: r.note,
      citations: [...catalog.grading.citations, ...(r.citations ?? [])],
    };
    if (raw === undefined || raw === '') return { ...base, threshold: r.threshold, overridden: false };
    if (!r.uncertain)
      throw invalid(variable, {
        zh: `${variable}：该阈值（${r.threshold}）由《国家网络安全事件报告管理办法》明确规定，不能调整。`,
        en: `${variable}: this threshold (${r.threshold}) is fixed by the Incident Reporting Measures and cannot be changed.`,
      });
    const value = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(value) || value < 0)
      throw invalid(variable, {
        zh: `${variable} 应为不小于0的数值，实际为“${raw}”。`,
        en: `${variable} must be a number of at least 0, got "${raw}".`,
      });
    if (def.integer && !Number.isInteger(value))
      throw invalid(variable, {
        zh: `${variable} 是人数或次数，应为整数，实际为“${raw}”。`,
        en: `${variable} counts ${def.unit.en}: a whole number, got "${raw}".`,
      });
    if (def.max !== undefined && value > def.max)
      throw invalid(variable, {
        zh: `${variable} 不能大于${def.max}，实际为“${raw}”。`,
        en: `${variable} cannot be more than ${def.max}, got "${raw}".`,
      });
    return { ...base, threshold: value, overridden: value !== r.threshold };
  });
  const problem = thresholdOrderProblems(rules)[0];
  if (problem) {
    const a = rules.find((r) => r.fact === problem.fact && r.grade === problem.higher.grade)!;
    const b = rules.find((r) => r.fact === problem.fact && r.grade === problem.lower.grade)!;
    const variable = (a.overridden ? a.variable : b.variable) ?? a.id;
    throw invalid(variable, {
      zh: `${variable}：调整后${problem.higher.grade}级阈值（${problem.higher.threshold}）低于${problem.lower.grade}级阈值（${problem.lower.threshold}），级别越高阈值不应越低。`,
      en: `${variable}: with the change, the grade ${problem.higher.grade} threshold (${problem.higher.threshold}) is below the grade ${problem.lower.grade} threshold (${problem.lower.threshold}); a more serious grade never needs less.`,
    });
  }
  return {
    facts: catalog.facts,
    rules,
    labels: Object.fromEntries(catalog.grades.map((g) => [g.grade, g.label])) as Record<Grade, Bilingual>,
    categories: catalog.categories.list.flatMap((c) => [c.code, ...(c.subclasses ?? []).map((s) => s.code)]),
    judgement: catalog.grading.judgement,
  };
}
