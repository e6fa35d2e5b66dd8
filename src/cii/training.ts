import type { TrainingShortfall } from '../../contract/registers.js';
import type { EntryData, TrainingPolicySpec } from '../registers/spec.js';

/**
 * The 2017 draft's training hours (Art 27: at least 1 working day per person
 * per year, 3 for key technical posts), dropped from the 2021 Regulation and
 * offered as optional good practice. Numbers come from catalog/registers.yaml. Pure.
 */
export type { TrainingShortfall };

/**
 * Per person, the training days of a calendar year against the draft's
 * minimum for their post (the highest post they were trained for that year).
 */
export function trainingShortfalls(
  policy: TrainingPolicySpec,
  entries: readonly { data: EntryData }[],
  year: number,
): { year: number; people: number; shortfalls: TrainingShortfall[] } {
  const people = new Map<string, { post: string; required: number; done: number }>();
  for (const e of entries) {
    const date = e.data[policy.date_field];
    if (typeof date !== 'string' || !date.startsWith(`${year}-`)) continue;
    const person = String(e.data[policy.person_field]);
    const post = String(e.data[policy.post_field]);
    const required = policy.days_per_year[post] ?? 0;
    const p = people.get(person) ?? { post, required: 0, done: 0 };
    if (required > p.required) Object.assign(p, { post, required });
    p.done += Number(e.data[policy.days_field]) || 0;
    people.set(person, p);
  }
  const shortfalls = [...people.entries()]
    .filter(([, p]) => p.done < p.required)
    .map(([person, p]) => ({ person, ...p }))
    .sort((a, b) => a.person.localeCompare(b.person));
  return { year, people: people.size, shortfalls };
}
