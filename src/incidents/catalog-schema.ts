import { z } from 'zod';

/**
 * The shape of catalog/incidents.yaml: the GB/T 20986-2023 categories, the
 * grading criteria of the 2025 Incident Reporting Measures and the reporting
 * clocks. Pure: the loader is catalog-io.ts. Cross-field checks (each rule's
 * fact is declared, thresholds fall with the grade, ...) are here so a bad
 * catalogue is refused when it is read, not when an incident is graded.
 */
export const grades = ['I', 'II', 'III', 'IV'] as const;
export type Grade = (typeof grades)[number];

/** 1 for I (especially major) ... 4 for IV (general): a lower rank is more serious. */
export const gradeRank = (g: Grade): number => grades.indexOf(g) + 1;

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export type Bilingual = z.infer<typeof bilingual>;

const key = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and _');
/** A content item's key: the field of the API shape it is written in (contract/incidents.ts). */
const itemKey = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'a camelCase field name');

/** "csl2025:27", "measures2025:4", "measures2025:annex", or an instrument alone ("measures2025"). */
const citation = z.string().regex(/^[a-z0-9-]+(?::[0-9a-z/()]+)?$/, 'instrument or instrument:provision');

const isoDuration = z
  .string()
  .regex(/^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?)?$/, 'an ISO 8601 duration such as PT4H or P30D')
  .refine((s) => s !== 'P' && !s.endsWith('T'), 'an ISO 8601 duration such as PT4H or P30D');

const instrument = z.strictObject({
  zh: z.string().min(1),
  en: z.string().min(1),
  in_force: z.string().optional(),
  official_url: z.string().url(),
});

const category = z.strictObject({
  code: key,
  name: bilingual,
  /** The standard's own code, once checked against its text. */
  standard_code: z.string().optional(),
  subclasses: z
    .array(z.strictObject({ code: key, name: bilingual, standard_code: z.string().optional() }))
    .optional(),
});

const fact = z.strictObject({
  key,
  label: bilingual,
  unit: bilingual,
  /** A count of people, shares or views: whole numbers only. */
  integer: z.boolean(),
  max: z.number().positive().optional(),
  /** The fact is never less than these (a provincial portal is also a prefecture-level-or-higher one). */
  at_least_of: z.array(key).optional(),
});
export type FactDefinition = z.infer<typeof fact>;

const rule = z.strictObject({
  fact: key,
  grade: z.enum(['I', 'II', 'III']),
  threshold: z.number().nonnegative().finite(),
  /** Not verified against the published text: configurable, and said so wherever it is used. */
  uncertain: z.boolean().default(false),
  note: bilingual.optional(),
  /** Provisions beyond the grading section's own citations. */
  citations: z.array(citation).optional(),
});
export type CatalogRule = z.infer<typeof rule>;

const when = z.enum(['involves_cii', 'central_organ', 'otherwise']);
export type ReportCondition = z.infer<typeof when>;

const initialReport = z.strictObject({
  id: key,
  when,
  within: isoDuration,
  to: bilingual,
  /** The catalogue duty (catalog/obligations/) the report is evidence for. */
  obligation: z.string().min(1),
  citations: z.array(citation).min(1),
});
export type InitialReportRule = z.infer<typeof initialReport>;

export const incidentsFile = z
  .strictObject({
    instruments: z.record(z.string(), instrument),
    grades: z.array(z.strictObject({ grade: z.enum(grades), label: bilingual })).length(4),
    categories: z.strictObject({
      source: z.string(),
      /** The subclasses and the standard's codes still need the standard's text. */
      subclasses_pending: z.boolean(),
      note: bilingual.optional(),
      list: z.array(category).min(1),
    }),
    facts: z.array(fact).min(1),
    grading: z.strictObject({
      inclusive: z.literal(true),
      citations: z.array(citation).min(1),
      judgement: bilingual,
      rules: z.array(rule).min(1),
    }),
    reporting: z.strictObject({
      mandatory_from: z.enum(grades),
      initial: z.array(initialReport).min(1),
      supplementary: z.strictObject({
        summary: bilingual,
        citations: z.array(citation).min(1),
        note: bilingual.optional(),
      }),
      final_report: z.strictObject({
        within: isoDuration,
        to: bilingual,
        obligation: z.string().min(1),
        citations: z.array(citation).min(1),
        note: bilingual.optional(),
      }),
    }),
    report_contents: z.strictObject({
      citations: z.array(citation).min(1),
      note: bilingual.optional(),
      items: z
        .array(z.strictObject({ key: itemKey, source: z.enum(['record', 'details']), label: bilingual }))
        .min(1),
    }),
    breach_notice: z.strictObject({
      citations: z.array(citation).min(1),
      obligation: z.string().min(1),
      items: z.array(z.strictObject({ key: itemKey, label: bilingual })).min(1),
    }),
    responses: z.strictObject({
      citations: z.array(citation).min(1),
      note: bilingual,
      grades: z
        .array(z.strictObject({ grade: z.enum(grades), warning: bilingual, response: bilingual }))
        .length(4),
    }),
  })
  .superRefine((file, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (file.grades.map((g) => g.grade).join() !== grades.join())
      issue(['grades'], 'the four grades I, II, III, IV in that order');
    const dup = <T>(xs: T[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
    const codes = file.categories.list.flatMap((c) => [c.code, ...(c.subclasses ?? []).map((s) => s.code)]);
    for (const c of dup(codes)) issue(['categories', 'list'], `category code ${c} appears twice`);
    const facts = new Map(file.facts.map((f) => [f.key, f]));
    for (const k of dup(file.facts.map((f) => f.key))) issue(['facts'], `fact ${k} appears twice`);
    file.facts.forEach((f, i) => {
      for (const other of f.at_least_of ?? [])
        if (!facts.has(other) || other === f.key) issue(['facts', i, 'at_least_of'], `unknown fact ${other}`);
    });
    const seen = new Set<string>();
    file.grading.rules.forEach((r, i) => {
      const def = facts.get(r.fact);
      if (!def) issue(['grading', 'rules', i, 'fact'], `fact ${r.fact} is not declared under facts`);
      if (def?.integer && !Number.isInteger(r.threshold))
        issue(['grading', 'rules', i, 'threshold'], `${r.fact} is a count: a whole number`);
      if (def?.max !== undefined && r.threshold > def.max)
        issue(['grading', 'rules', i, 'threshold'], `above the fact's maximum ${def.max}`);
      if (r.uncertain && !r.note) issue(['grading', 'rules', i, 'note'], 'an uncertain threshold says why');
      const id = `${r.fact}.${r.grade}`;
      if (seen.has(id)) issue(['grading', 'rules', i], `${id} appears twice`);
      seen.add(id);
    });
    for (const p of thresholdOrderProblems(file.grading.rules))
      issue(
        ['grading', 'rules'],
        `${p.fact}: the grade ${p.higher.grade} threshold (${p.higher.threshold}) is below the grade ${p.lower.grade} threshold (${p.lower.threshold})`,
      );
    const instruments = new Set(Object.keys(file.instruments));
    const known = new Set(['csl2025', 'csl2016', 'cii2021', ...instruments]);
    const allCitations = [
      ...file.grading.citations,
      ...file.grading.rules.flatMap((r) => r.citations ?? []),
      ...file.reporting.initial.flatMap((r) => r.citations),
      ...file.reporting.supplementary.citations,
      ...file.reporting.final_report.citations,
      ...file.report_contents.citations,
      ...file.breach_notice.citations,
      ...file.responses.citations,
    ];
    for (const c of allCitations)
      if (!known.has(c.split(':')[0]!)) issue(['instruments'], `citation ${c} names an unknown instrument`);
    const conditions = file.reporting.initial.map((r) => r.when);
    for (const c of dup(conditions)) issue(['reporting', 'initial'], `two reports for the condition ${c}`);
    if (file.responses.grades.map((g) => g.grade).join() !== grades.join())
      issue(['responses', 'grades'], 'the four grades I, II, III, IV in that order');
    for (const k of dup(file.report_contents.items.map((i) => i.key)))
      issue(['report_contents', 'items'], `item ${k} twice`);
    for (const k of dup(file.breach_notice.items.map((i) => i.key)))
      issue(['breach_notice', 'items'], `item ${k} twice`);
    for (const c of dup(file.reporting.initial.map((r) => r.id)))
      issue(['reporting', 'initial'], `report id ${c} twice`);
  });
export type IncidentsFile = z.infer<typeof incidentsFile>;

/**
 * For one fact, a more serious grade never needs less than a lighter one
 * (I >= II >= III): otherwise "highest grade wins" would read oddly and an
 * override has most likely been typed in the wrong variable.
 */
export interface OrderProblem {
  fact: string;
  higher: { grade: Grade; threshold: number };
  lower: { grade: Grade; threshold: number };
}

export function thresholdOrderProblems(
  rules: readonly { fact: string; grade: Grade; threshold: number }[],
): OrderProblem[] {
  const out: OrderProblem[] = [];
  const byFact = new Map<string, { grade: Grade; threshold: number }[]>();
  for (const r of rules) byFact.set(r.fact, [...(byFact.get(r.fact) ?? []), r]);
  for (const [fact, list] of byFact) {
    const sorted = [...list].sort((a, b) => gradeRank(a.grade) - gradeRank(b.grade));
    for (let i = 1; i < sorted.length; i++) {
      const higher = sorted[i - 1]!;
      const lower = sorted[i]!;
      if (higher.threshold < lower.threshold)
        out.push({
          fact,
          higher: { grade: higher.grade, threshold: higher.threshold },
          lower: { grade: lower.grade, threshold: lower.threshold },
        });
    }
  }
  return out;
}
