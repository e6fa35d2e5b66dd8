import { z } from 'zod';
import {
  harmedObjects,
  harms,
  type Grading,
  type Harm,
  type HarmedObject,
} from '../../contract/governance.js';

/**
 * MLPS grading (GB/T 22240-2020): object harmed x degree of harm, for business
 * information and for system service; the higher of the two is the level.
 * Pure: the matrix comes from catalog/mlps.yaml, the uncertain cell from settings.
 */
export { harmedObjects as objects, harms };
export type { Grading, Harm, HarmedObject };

const level = z.number().int().min(1).max(5);
const row = z.strictObject({ general: level, serious: level, especially_serious: level });
export const mlpsFile = z.strictObject({
  matrix: z.strictObject({ citizens: row, social_order: row, national_security: row }),
  uncertain_cells: z.array(
    z.strictObject({
      object: z.enum(harmedObjects),
      harm: z.enum(harms),
      alternatives: z.array(level).min(2),
      note: z.strictObject({ zh: z.string(), en: z.string() }),
    }),
  ),
  filing: z.strictObject({
    min_level: level,
    deadline_days: z.number().int().positive(),
    deadline_note: z.strictObject({ zh: z.string(), en: z.string() }),
    label: z.strictObject({ zh: z.string(), en: z.string() }),
  }),
  /** Labels of the open items on the dashboard: a system's first and next assessment. */
  assessment_label: z.strictObject({ zh: z.string(), en: z.string() }),
  assessment: z.record(z.string().regex(/^[1-5]$/), z.string().regex(/^P/)),
  conclusion: z.strictObject({ excellent: z.number(), good: z.number(), fair: z.number() }),
});
export type MlpsFile = z.infer<typeof mlpsFile>;

export interface GradingInput {
  businessInformation: { object: HarmedObject; harm: Harm };
  systemService: { object: HarmedObject; harm: Harm };
}

/** The matrix with configured values for its uncertain cells (refused when not among the alternatives). */
export function configuredMatrix(
  data: MlpsFile,
  overrides: Partial<Record<`${HarmedObject}.${Harm}`, number>>,
): MlpsFile['matrix'] {
  const m = structuredClone(data.matrix);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const [object, harm] = key.split('.') as [HarmedObject, Harm];
    const cell = data.uncertain_cells.find((c) => c.object === object && c.harm === harm);
    if (!cell) throw new RangeError(`${key} is not a configurable cell`);
    if (!cell.alternatives.includes(value))
      throw new RangeError(`${key} may be ${cell.alternatives.join(' or ')}, not ${value}`);
    m[object][harm] = value;
  }
  return m;
}

export function grade(
  input: GradingInput,
  data: MlpsFile,
  matrix: MlpsFile['matrix'] = data.matrix,
): Grading {
  const cell = (p: { object: HarmedObject; harm: Harm }) => matrix[p.object][p.harm];
  const bi = cell(input.businessInformation);
  const ss = cell(input.systemService);
  const uncertain = [input.businessInformation, input.systemService]
    .map((p) => ({ p, c: data.uncertain_cells.find((u) => u.object === p.object && u.harm === p.harm) }))
    .filter(
      (x): x is { p: { object: HarmedObject; harm: Harm }; c: MlpsFile['uncertain_cells'][number] } =>
        x.c !== undefined,
    )
    .map(({ p, c }) => ({
      object: p.object,
      harm: p.harm,
      used: cell(p),
      alternatives: c.alternatives,
      note: c.note,
    }));
  return {
    level: Math.max(bi, ss),
    businessInformationLevel: bi,
    systemServiceLevel: ss,
    uncertain: uncertain.filter(
      (u, i, a) => a.findIndex((v) => v.object === u.object && v.harm === u.harm) === i,
    ),
  };
}

/** Assessment conclusion from a score (any high risk makes it poor). */
export function conclusion(
  score: number,
  highRisk: boolean,
  data: MlpsFile,
): 'excellent' | 'good' | 'fair' | 'poor' {
  if (highRisk || score < data.conclusion.fair) return 'poor';
  if (score >= data.conclusion.excellent) return 'excellent';
  if (score >= data.conclusion.good) return 'good';
  return 'fair';
}
