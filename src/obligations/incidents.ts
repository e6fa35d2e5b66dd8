import { z } from 'zod';
import { evaluate, type AssessedObligation, type Assessment } from './applicability.js';
import type { Profile } from './profile.js';

/**
 * The facts of one incident that decide which reporting duties it triggers
 * (the catalogue's `event_condition`s read them as `incident.*`). Pure.
 *
 * Whether an incident involves CII is a fact of the incident: a CII
 * operator's incident on a system that is not CII follows the rule for every
 * other operator, and every rule whose condition holds applies (a central
 * organ's incident that involves CII owes the 1-hour and the 2-hour report).
 */
export const incidentFactsSchema = z.strictObject({
  /** The incident involves critical information infrastructure. */
  involves_cii: z.boolean().default(false),
  /** 1 特别重大 (I), 2 重大 (II), 3 较大 (III), 4 一般 (IV). Reporting is mandatory for grade III and above. */
  grade: z.number().int().min(1).max(4),
});
export type IncidentFacts = z.infer<typeof incidentFactsSchema>;

export interface IncidentReport {
  obligation: string;
  title: AssessedObligation['title'];
  /** ISO 8601 duration from discovery (PT1H). */
  deadline?: string | undefined;
  because: string[];
}

/**
 * The reports an incident calls for: every event duty of the assessment
 * whose event condition holds for this incident and this organisation.
 * Duties without an event condition (plans, response) are not reports and
 * are not listed.
 */
export function incidentReports(
  assessment: Pick<Assessment, 'obligations'>,
  profile: Profile,
  incident: IncidentFacts,
): IncidentReport[] {
  const facts = { ...profile, incident };
  const out: IncidentReport[] = [];
  for (const o of assessment.obligations) {
    const condition = o.recurrence.kind === 'event' ? o.recurrence.event_condition : undefined;
    if (!condition) continue;
    const { holds, because } = evaluate(condition, facts);
    if (!holds) continue;
    out.push({ obligation: o.id, title: o.title, deadline: o.recurrence.deadline, because });
  }
  return out;
}
