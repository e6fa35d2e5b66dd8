import type {
  AssessedObligationView,
  AssessedPenalty,
  AssessedTier,
  AssessmentView,
  RecurrenceView,
} from '../../contract/obligations.js';
import { isDraftInstrument } from '../../contract/citation.js';
import type { Catalog } from './catalog-io.js';
import type { Condition, Penalty, Recurrence, VersionKey } from './catalog-schema.js';
import type { Profile } from './profile.js';

/**
 * Applicability: profile -> the duties that apply, each with the profile facts
 * that made it apply, its citations in every version, its recurrence and the
 * fines at stake side by side. Pure: the catalogue is passed in.
 */

/** The output contract (contract/obligations.ts): the API answers these shapes strictly. */
export type ContractTier = AssessedTier;
export type ContractPenalty = AssessedPenalty;
export type ContractRecurrence = RecurrenceView;
export type AssessedObligation = AssessedObligationView;
export type ExposureSummary = AssessmentView['exposure'][number];
export type AmendmentChange = AssessmentView['amendment_2025'][number];
export type Assessment = AssessmentView;

// ---- conditions -------------------------------------------------------------

/** The facts a condition reads: an organisation profile, with an event's facts beside it when there is one. */
export type Facts = Profile | (Profile & Record<string, unknown>);

function factValue(profile: Facts, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      profile,
    );
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Evaluates a catalogue condition; `because` names the facts that made it true. */
export function evaluate(condition: Condition, profile: Facts): { holds: boolean; because: string[] } {
  if ('always' in condition) return { holds: true, because: ['applies to everyone'] };
  if ('all' in condition) {
    const parts = condition.all.map((c) => evaluate(c, profile));
    return parts.every((p) => p.holds)
      ? { holds: true, because: parts.flatMap((p) => p.because) }
      : { holds: false, because: [] };
  }
  if ('any' in condition) {
    const held = condition.any.map((c) => evaluate(c, profile)).filter((p) => p.holds);
    return held.length
      ? { holds: true, because: held.flatMap((p) => p.because) }
      : { holds: false, because: [] };
  }
  if ('not' in condition) {
    const inner = evaluate(condition.not, profile);
    return inner.holds
      ? { holds: false, because: [] }
      : { holds: true, because: [`not (${describeCondition(condition.not)})`] };
  }
  const value = factValue(profile, condition.fact);
  if (condition.includes !== undefined) {
    const holds = Array.isArray(value) && value.includes(condition.includes);
    return { holds, because: holds ? [`${condition.fact} includes ${condition.includes}`] : [] };
  }
  if (condition.gte !== undefined || condition.lt !== undefined) {
    const n = typeof value === 'number' ? value : NaN;
    const holds =
      (condition.gte === undefined || n >= condition.gte) && (condition.lt === undefined || n < condition.lt);
    const bounds = [
      condition.gte !== undefined ? `>= ${condition.gte}` : '',
      condition.lt !== undefined ? `< ${condition.lt}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return { holds, because: holds ? [`${condition.fact} = ${n} (${bounds})`] : [] };
  }
  if (condition.equals !== undefined) {
    const holds = value === condition.equals;
    return { holds, because: holds ? [`${condition.fact} = ${show(condition.equals)}`] : [] };
  }
  const holds = Boolean(value);
  return { holds, because: holds ? [`${condition.fact} is ${value === true ? 'true' : show(value)}`] : [] };
}

/** A condition in words, as `because` and the reports show it. */
export function describeCondition(c: Condition): string {
  if ('always' in c) return 'always';
  if ('all' in c) return c.all.map(describeCondition).join(' and ');
  if ('any' in c) return c.any.map(describeCondition).join(' or ');
  if ('not' in c) return `not ${describeCondition(c.not)}`;
  if (c.includes !== undefined) return `${c.fact} includes ${c.includes}`;
  if (c.gte !== undefined) return `${c.fact} >= ${c.gte}`;
  if (c.lt !== undefined) return `${c.fact} < ${c.lt}`;
  if (c.equals !== undefined) return `${c.fact} = ${show(c.equals)}`;
  return c.fact;
}

// ---- presentation in the output contract -------------------------------------

export function contractPenalty(p: Penalty): ContractPenalty {
  const [, ref] = p.id.split(':') as [string, string];
  const [article, paragraph] = ref.split('/');
  return {
    id: p.id,
    version: p.version,
    article: article!,
    ...(paragraph ? { paragraph: Number(paragraph) } : {}),
    trigger: p.trigger,
    tiers: p.tiers.map((t) => ({
      level: t.level,
      measures: t.measures,
      ...(t.entity ? { entity: t.entity } : {}),
      ...(t.persons ? { persons: t.persons } : {}),
      ...(t.persons_scope ? { persons_scope: t.persons_scope } : {}),
      ...(t.refers_to ? { refers_to: t.refers_to } : {}),
      ...(t.condition ? { condition: t.condition } : {}),
    })),
    ...(p.uncertain ? { uncertain: p.uncertain } : {}),
  };
}

export function contractRecurrence(r: Recurrence): ContractRecurrence {
  switch (r.kind) {
    case 'periodic':
      return { kind: r.kind, period: r.period };
    case 'event':
      return {
        kind: r.kind,
        ...(r.deadline ? { deadline: r.deadline } : {}),
        ...(r.working_days ? { working_days: r.working_days } : {}),
        trigger: r.trigger,
        ...(r.event_condition ? { event_condition: r.event_condition } : {}),
      };
    case 'once':
      return { kind: r.kind, ...(r.deadline ? { deadline: r.deadline } : {}) };
    default:
      return { kind: r.kind };
  }
}

const versionOrder: VersionKey[] = ['csl2025', 'csl2016', 'cii2021', 'cii2017', 'csl2015draft'];

function exposure(obligations: AssessedObligation[]): ExposureSummary[] {
  const byVersion = new Map<VersionKey, ExposureSummary>();
  for (const o of obligations) {
    if (o.draft_only) continue;
    for (const p of o.penalties) {
      // A draft never bound anyone: its fines are shown beside the duty, never counted as at stake.
      if (isDraftInstrument(p.version)) continue;
      const s = byVersion.get(p.version) ?? {
        version: p.version,
        max_entity: 0,
        max_persons: 0,
        max_other_staff: 0,
        uncapped_multiples: [],
      };
      for (const t of p.tiers) {
        if (t.entity && !('multipleOf' in t.entity)) s.max_entity = Math.max(s.max_entity, t.entity.max);
        if (t.persons && !('multipleOf' in t.persons)) {
          s.max_persons = Math.max(s.max_persons, t.persons.max);
          if (t.persons_scope !== 'person_in_charge')
            s.max_other_staff = Math.max(s.max_other_staff, t.persons.max);
        }
        if (t.entity && 'multipleOf' in t.entity && !s.uncapped_multiples.includes(p.id))
          s.uncapped_multiples.push(p.id);
      }
      byVersion.set(p.version, s);
    }
  }
  return [...byVersion.values()].sort(
    (a, b) => versionOrder.indexOf(a.version) - versionOrder.indexOf(b.version),
  );
}

function maxFixed(penalties: ContractPenalty[], version: VersionKey): number {
  let max = 0;
  for (const p of penalties.filter((x) => x.version === version)) {
    for (const t of p.tiers) if (t.entity && !('multipleOf' in t.entity)) max = Math.max(max, t.entity.max);
  }
  return max;
}

const yuan = (n: number) => (n >= 10_000 ? `${n / 10_000}万元` : `${n}元`);
const rmb = (n: number) => `RMB ${n.toLocaleString('en-US')}`;

function amendmentChanges(obligations: AssessedObligation[]): AmendmentChange[] {
  const changes: AmendmentChange[] = [];
  for (const o of obligations) {
    const in2016 = (o.citations.csl2016?.length ?? 0) > 0;
    const in2025 = (o.citations.csl2025?.length ?? 0) > 0;
    if (in2025 && !in2016) {
      changes.push({
        obligation: o.id,
        title: o.title,
        kind: 'new_duty',
        detail: o.amendment_2025 ?? { zh: '2025年修正新增的义务。', en: 'A duty the 2025 amendment adds.' },
      });
      continue;
    }
    if (!in2025) continue;
    const before = maxFixed(o.penalties, 'csl2016');
    const after = maxFixed(o.penalties, 'csl2025');
    if (after > before && before > 0) {
      changes.push({
        obligation: o.id,
        title: o.title,
        kind: 'higher_fines',
        detail: {
          zh: `单位最高固定罚款由${yuan(before)}提高到${yuan(after)}。${o.amendment_2025?.zh ?? ''}`,
          en: `The highest fixed fine on the entity rises from ${rmb(before)} to ${rmb(after)}. ${o.amendment_2025?.en ?? ''}`.trim(),
        },
      });
    } else if (o.amendment_2025) {
      changes.push({ obligation: o.id, title: o.title, kind: 'changed_duty', detail: o.amendment_2025 });
    }
  }
  return changes;
}

/** The duties that apply to a profile, with citations, recurrence and fines. */
export function assess(profile: Profile, catalog: Pick<Catalog, 'obligations' | 'penalties'>): Assessment {
  const penalties = new Map(catalog.penalties.map((p) => [p.id, p]));
  const obligations: AssessedObligation[] = [];
  for (const o of catalog.obligations) {
    const { holds, because } = evaluate(o.applies_when, profile);
    if (!holds) continue;
    obligations.push({
      id: o.id,
      title: o.title,
      summary: o.summary,
      chapter: o.chapter,
      bearer: o.bearer,
      citations: o.citations,
      recurrence: contractRecurrence(o.recurrence),
      evidence: o.evidence,
      penalties: o.penalties
        .map((id) => penalties.get(id))
        .filter((p): p is Penalty => p !== undefined)
        .map(contractPenalty)
        .sort((a, b) => versionOrder.indexOf(a.version) - versionOrder.indexOf(b.version)),
      because: [...new Set(because)],
      draft_only: o.draft_only,
      ...(o.amendment_2025 ? { amendment_2025: o.amendment_2025 } : {}),
      ...(o.uncertain ? { uncertain: o.uncertain } : {}),
    });
  }
  return {
    profile: profile.name,
    obligations,
    exposure: exposure(obligations),
    amendment_2025: amendmentChanges(obligations),
  };
}
