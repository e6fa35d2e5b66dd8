import { isFutureInstant } from '../platform/time.js';

/**
 * What the raw evidence route (POST /api/evidence) may record. It exists for
 * automation (a scanner, a CI job, a script) that produces evidence of its
 * own; it is not a way around the decisions other routes guard:
 * - the kinds it takes for a duty are the ones the catalogue lists as that
 *   duty's evidence (`evidence[].kind`), nothing else;
 * - reserved kinds (applicability decisions, follow-ups, reviewed uploads,
 *   the kinds capabilities write) are refused: they have their own routes;
 * - a file is an upload, and uploads go through four-eyes review in the
 *   workspace;
 * - dates lie between 2000-01-01 and now.
 */
export interface DutyEvidence {
  id: string;
  evidence: readonly { kind: string }[];
}

/** Kinds the raw route never writes: each is the outcome of another route's decision. */
export const RESERVED_KINDS = new Set(['not_applicable', 'applicable_again', 'reviewed_upload', 'upload']);
export const RESERVED_SUFFIX = '_completed';

/** The earliest date raw evidence may describe (the CSL dates from 2016; older work is no evidence of it). */
export const EARLIEST_EVIDENCE = new Date('2000-01-01T00:00:00Z');

export type RawEvidencePolicy = ReadonlyMap<string, ReadonlySet<string>>;

export function rawEvidencePolicy(duties: readonly DutyEvidence[]): RawEvidencePolicy {
  return new Map(duties.map((d) => [d.id, new Set(d.evidence.map((e) => e.kind))]));
}

export interface RawEvidenceInput {
  obligations: string[];
  kind: string;
  occurredAt?: Date | undefined;
  fileSha256?: string | undefined;
}

export interface RawEvidenceIssue {
  field: 'obligations' | 'kind' | 'occurredAt' | 'fileSha256';
  message: { en: string; zh: string };
}

/** The first reason the raw route refuses this record, or undefined when it may be recorded. */
export function checkRawEvidence(
  policy: RawEvidencePolicy,
  input: RawEvidenceInput,
  now: Date,
): RawEvidenceIssue | undefined {
  if (RESERVED_KINDS.has(input.kind) || input.kind.endsWith(RESERVED_SUFFIX))
    return {
      field: 'kind',
      message: {
        en: `Kind "${input.kind}" is reserved: applicability decisions, reviewed uploads and follow-ups have their own routes.`,
        zh: `证据类型"${input.kind}"为保留类型：适用性决定、经审核的上传和后续记录须通过各自的功能提交。`,
      },
    };
  if (input.fileSha256)
    return {
      field: 'fileSha256',
      message: {
        en: 'Files are uploads and go through review: submit them in the compliance workspace.',
        zh: '附件属于上传材料，须经他人审核：请在合规工作台提交。',
      },
    };
  for (const id of input.obligations) {
    const kinds = policy.get(id);
    if (!kinds)
      return {
        field: 'obligations',
        message: { en: `No duty "${id}" in the catalogue.`, zh: `义务目录中没有"${id}"。` },
      };
    if (!kinds.has(input.kind))
      return {
        field: 'kind',
        message: {
          en: `Duty "${id}" is not proved by evidence of kind "${input.kind}"; it takes: ${[...kinds].join(', ')}.`,
          zh: `义务"${id}"不接受"${input.kind}"类证据；可用类型：${[...kinds].join('、')}。`,
        },
      };
  }
  if (input.occurredAt) {
    const t = input.occurredAt.getTime();
    if (t < EARLIEST_EVIDENCE.getTime() || isFutureInstant(input.occurredAt, now))
      return {
        field: 'occurredAt',
        message: {
          en: 'occurredAt must lie between 2000-01-01 and now.',
          zh: '发生时间须在2000年1月1日至今之间。',
        },
      };
  }
  return undefined;
}
