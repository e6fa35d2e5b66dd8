import { formatCitations } from '../../contract/citation.js';
import { openCheckpoint } from '../ledger/note.js';
import type { PackSection, Period, ReportSection } from '../platform/module.js';
import { beijingDateTime } from '../platform/time.js';
import type { RetentionRules } from './catalog-schema.js';
import { dayRoot, segmentOrigin } from './segment-format.js';
import { cpFile, readCheckpointFile } from './segment-io.js';
import type { LogvaultService } from './service.js';

/**
 * The log vault in the audit pack (`logvault-seals.json`, under the signed
 * manifest) and in the bilingual report: every Beijing day whose seal was
 * recorded in the period (the rule of the ledger part), with what proves it
 * was kept unaltered: for each segment its
 * size, root, file SHA-256 and the last checkpoint the vault signed over it
 * (C2SP signed note, the vault's key), the day's root over the segment roots
 * (RFC 9162) and the id of the ledger record that recorded the seal (its
 * inclusion proof is in the pack's ledger part). `checkSealsFile` checks the
 * file offline with nothing but the vault's verifier key.
 */

export const SEALS_FILE = 'logvault-seals.json';

export interface PackedSegment {
  name: string;
  size: number;
  root: string;
  sha256: string;
  /** The segment's last signed checkpoint (null once the expiry job removed the segment's files). */
  checkpoint: string | null;
}

export interface PackedSeal {
  date: string;
  /** base64, and hex as the ledger record's summary carries it. */
  dayRoot: string;
  dayRootHex: string;
  sealedAt: string;
  evidenceId: string;
  segments: PackedSegment[];
}

export interface SealsFile {
  generatedAt: string;
  origin: string;
  /** The verifier key of the checkpoints (the installation's key, under the vault's origin). */
  vkey: string;
  policyDays: number;
  minimumMonths: number;
  citation: string;
  period: { from: string | null; to: string | null };
  seals: PackedSeal[];
  howToVerify: { zh: string; en: string };
}

/** The retention duty's citation, both numberings, as the rest of the product cites. */
export function retentionCitation(rules: RetentionRules, lang: 'zh' | 'en' = 'en'): string {
  return formatCitations(rules.citations, lang);
}

/**
 * The seals recorded in [from, to): the same rule as the pack's ledger part
 * (records by when they were recorded), so each seal's record and proof are
 * in the same pack. A day is sealed just after it ends: a March pack holds
 * the seals of 28 February to 30 March.
 */
function inPeriod(sealedAt: Date, period: Period): boolean {
  return (!period.from || sealedAt >= period.from) && (!period.to || sealedAt < period.to);
}

export async function sealsFile(
  logvault: LogvaultService,
  rules: RetentionRules,
  period: Period,
  now: Date,
): Promise<SealsFile> {
  const status = logvault.vault.status();
  const rows = (await logvault.sealRows()).filter((r) => inPeriod(new Date(r.sealed_at), period));
  const seals: PackedSeal[] = rows.map((r) => ({
    date: r.date,
    dayRoot: r.day_root,
    dayRootHex: Buffer.from(r.day_root, 'base64').toString('hex'),
    sealedAt: new Date(r.sealed_at).toISOString(),
    evidenceId: r.evidence_id,
    segments: r.segments.map((s) => {
      const cps = readCheckpointFile(cpFile(logvault.vault.segDir, s.name), false).checkpoints;
      const last = [...cps].reverse().find((c) => c.size === s.size);
      return { ...s, checkpoint: last?.note ?? null };
    }),
  }));
  return {
    generatedAt: now.toISOString(),
    origin: status.origin,
    vkey: status.vkey,
    policyDays: logvault.settings.policyDays,
    minimumMonths: rules.minimum_months,
    citation: retentionCitation(rules),
    period: {
      from: period.from ? period.from.toISOString() : null,
      to: period.to ? period.to.toISOString() : null,
    },
    seals,
    howToVerify: {
      zh: '每个日志段的检查点是以 vkey 签名的 C2SP 签名注记，其中的树根应与该段的 root 一致、树大小应与 size 一致；当日根（dayRoot）为按 RFC 9162 以各段树根为叶子计算的默克尔树根；evidenceId 所指的存证记录（含包含证明）在本审计包的存证部分，其摘要载有 dayRootHex。日志段文件本身可用 wangan logvault verify 逐条复核。',
      en: "Each segment's checkpoint is a C2SP signed note under vkey whose root must equal the segment's root and whose size its size; dayRoot is the RFC 9162 Merkle root whose leaves are the segment roots; the ledger record evidenceId (with its inclusion proof) is in this pack's ledger part and its summary carries dayRootHex. The segment files themselves are re-checked event by event with wangan logvault verify.",
    },
  };
}

export function logvaultPack(logvault: LogvaultService, rules: RetentionRules, now: () => Date): PackSection {
  return {
    file: SEALS_FILE,
    contents: async (period) => JSON.stringify(await sealsFile(logvault, rules, period, now()), null, 2),
  };
}

export function logvaultReport(logvault: LogvaultService, rules: RetentionRules): ReportSection {
  return {
    title: {
      zh: `网络日志留存（${retentionCitation(rules, 'zh')}）`,
      en: `Network logs kept (${retentionCitation(rules)})`,
    },
    columns: [
      { zh: '日期（北京时间）', en: 'Day (Beijing)' },
      { zh: '日志条数', en: 'Events' },
      { zh: '日志段', en: 'Segments' },
      { zh: '当日根', en: 'Day root' },
      { zh: '封存时间（北京时间）', en: 'Sealed (Beijing)' },
      { zh: '存证记录', en: 'Evidence record' },
    ],
    rows: async (period) =>
      (await logvault.sealRows())
        .filter((r) => inPeriod(new Date(r.sealed_at), period))
        .map((r) => ({
          cells: [
            r.date,
            String(r.segments.reduce((n, s) => n + s.size, 0)),
            String(r.segments.length),
            Buffer.from(r.day_root, 'base64').toString('hex').slice(0, 16),
            beijingDateTime(new Date(r.sealed_at)),
            r.evidence_id,
          ],
        })),
  };
}

/**
 * Checks a `logvault-seals.json` offline (pure: no file read): every
 * segment's checkpoint signed by the file's key (or `trustedKey`) for that
 * segment, at its size, over its root; every day's root the RFC 9162 root
 * over its segments' roots. Answers the first problem, or null.
 */
export function checkSealsFile(file: SealsFile, trustedKey?: string): string | null {
  const vkey = trustedKey ?? file.vkey;
  for (const seal of file.seals) {
    const roots: Buffer[] = [];
    for (const s of seal.segments) {
      const root = Buffer.from(s.root, 'base64');
      roots.push(root);
      if (s.checkpoint === null) continue;
      let cp;
      try {
        cp = openCheckpoint(s.checkpoint, vkey);
      } catch (err) {
        return `${seal.date} ${s.name}: the checkpoint does not verify (${(err as Error).message})`;
      }
      if (cp.origin !== segmentOrigin(file.origin, s.name))
        return `${seal.date} ${s.name}: the checkpoint is for another segment (${cp.origin})`;
      if (cp.size !== s.size)
        return `${seal.date} ${s.name}: the checkpoint signs ${cp.size} events, not ${s.size}`;
      if (!cp.root.equals(root)) return `${seal.date} ${s.name}: the checkpoint signs another root`;
    }
    const day = dayRoot(roots);
    if (day.toString('base64') !== seal.dayRoot || day.toString('hex') !== seal.dayRootHex)
      return `${seal.date}: the day's root is not the root over its segments`;
  }
  return null;
}
