/**
 * The latest evidence per duty, kept beside the records so that a duty's
 * status costs the same however many records the ledger holds. Status
 * (src/obligations/status.ts `deriveStatus`) reads, per duty: the latest
 * applicability decision, the latest work that is not a follow-up, and
 * failing that the latest follow-up. Each record falls in exactly one of
 * those slots for every duty it names. Pure.
 *
 * "Latest" is the greatest (occurredAt, recordedAt, id): a record describing
 * older work than the one on file does not replace it, and two records of the
 * same moment are ordered by when they were recorded, then by id.
 */
export type EvidenceSlot = 'decision' | 'work' | 'follow_up';

/** Kinds that are the human applicability decision (see status.ts). */
export const DECISION_KINDS: readonly string[] = ['not_applicable', 'applicable_again'];
/** Kinds ending so follow up earlier work (see status.ts FOLLOW_UP_SUFFIX). */
export const FOLLOW_UP_SUFFIX = '_completed';

export function slotOf(kind: string): EvidenceSlot {
  if (DECISION_KINDS.includes(kind)) return 'decision';
  return kind.endsWith(FOLLOW_UP_SUFFIX) ? 'follow_up' : 'work';
}

export interface LatestCandidate {
  id: string;
  kind: string;
  obligations: readonly string[];
  occurredAt: Date;
  recordedAt: Date;
}

export interface LatestRow {
  obligation: string;
  slot: EvidenceSlot;
  id: string;
  kind: string;
  occurredAt: Date;
  recordedAt: Date;
}

/** Byte order, as `collate "C"` compares in SQL. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Positive when `a` is later evidence than `b`. */
export function compareLatest(
  a: { occurredAt: Date; recordedAt: Date; id: string },
  b: { occurredAt: Date; recordedAt: Date; id: string },
): number {
  return (
    a.occurredAt.getTime() - b.occurredAt.getTime() ||
    a.recordedAt.getTime() - b.recordedAt.getTime() ||
    compareIds(a.id, b.id)
  );
}

/** The latest record per (duty, slot) of a batch, sorted by duty and slot (a stable lock order). */
export function latestOf(records: readonly LatestCandidate[]): LatestRow[] {
  const best = new Map<string, LatestRow>();
  for (const r of records) {
    const slot = slotOf(r.kind);
    for (const obligation of new Set(r.obligations)) {
      const key = `${obligation}\u0000${slot}`;
      const cur = best.get(key);
      if (!cur || compareLatest(r, cur) > 0)
        best.set(key, {
          obligation,
          slot,
          id: r.id,
          kind: r.kind,
          occurredAt: r.occurredAt,
          recordedAt: r.recordedAt,
        });
    }
  }
  return [...best.values()].sort(
    (a, b) => compareIds(a.obligation, b.obligation) || compareIds(a.slot, b.slot),
  );
}
