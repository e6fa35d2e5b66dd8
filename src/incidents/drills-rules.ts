import type { EntryView } from '../../contract/registers.js';
import type { DrillView, PlanRef } from '../../contract/incidents.js';
import type { Deadline } from '../obligations/deadlines.js';
import { openItem } from '../obligations/deadlines.js';
import { beijingMidnight } from '../platform/time.js';
import type { DrillRow } from './drills-store.js';

/**
 * Drills as rules: which policies-register entries are emergency plans, the
 * plan in force, a drill as the API answers it, and the open items its
 * follow-ups leave. Pure.
 */

/** The duties a drill is evidence for: the CII operator's regular drills, and every operator's emergency plan. */
export const drillDuties = ['csl.cii-emergency-drills', 'csl.incident-emergency-plan'] as const;
/** CSL 2025 Art 27, 36(4) (2016 Art 25, 34(4)); CII Regulation 2021 Art 15(3). */
export const drillCitations = ['csl2025:27', 'csl2025:36(4)', 'csl2016:25', 'csl2016:34(4)', 'cii2021:15(3)'];

/** An approved emergency plan of the policies register, as a drill or an incident refers to it. */
export function planRefOf(entry: EntryView): PlanRef | null {
  if (entry.register !== 'policies' || entry.data.category !== 'emergency_plan') return null;
  if (entry.status !== 'approved') return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    entryId: entry.id,
    code: text(entry.data.code),
    title: text(entry.data.title),
    version: entry.version ?? 1,
    effectiveOn: text(entry.data.effectiveOn) || entry.on,
  };
}

/**
 * The plan in force on `today`: of the approved emergency plans already in
 * effect, the one that took effect last (the highest version on a tie).
 */
export function planInForce(entries: readonly EntryView[], today: string): PlanRef | null {
  const plans = entries
    .map(planRefOf)
    .filter((p): p is PlanRef => p !== null && p.effectiveOn <= today)
    .sort((a, b) => b.effectiveOn.localeCompare(a.effectiveOn) || b.version - a.version);
  return plans[0] ?? null;
}

export function drillView(row: DrillRow): DrillView {
  return {
    id: row.id,
    scenario: row.scenario,
    heldOn: row.held_on,
    plan: row.plan ?? null,
    planVersionText: row.plan_version_text,
    participants: row.participants,
    participantNames: row.participant_names,
    findings: row.findings,
    followUps: (row.follow_ups ?? []).map((f) => ({
      title: f.title,
      owner: f.owner ?? null,
      dueOn: f.dueOn ?? null,
      doneOn: f.doneOn ?? null,
    })),
    migratedFrom: row.migrated_from,
    recordedBy: row.recorded_by,
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}

/** One open item per follow-up not done that has a due date; counted from the day the drill was held. */
export function followUpItems(drills: readonly DrillView[], now: Date, dueSoonDays: number): Deadline[] {
  const out: Deadline[] = [];
  for (const d of drills)
    d.followUps.forEach((f, index) => {
      if (f.doneOn || !f.dueOn) return;
      out.push(
        openItem(
          {
            source: 'incidents.drills',
            entryId: `${d.id}#${index}`,
            obligations: [...drillDuties],
            label: { zh: `完成演练整改事项：${f.title}`, en: `Finish a drill follow-up: ${f.title}` },
            subject: d.scenario,
            party: 'operator',
            dueAt: beijingMidnight(f.dueOn),
            startAt: f.dueOn > d.heldOn ? beijingMidnight(d.heldOn) : null,
            basis: 'calendar',
            rule: { id: 'incidents.drills.follow-up', citations: drillCitations },
          },
          now,
          dueSoonDays,
        ),
      );
    });
  return out;
}
