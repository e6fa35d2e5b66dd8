import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { NoteError, openCheckpoint } from '../ledger/note.js';
import {
  beijingDay,
  CompactTree,
  dateDay,
  dayRoot,
  FormatError,
  parseSegmentName,
  segmentOrigin,
  type DaySeal,
} from './segment-format.js';
import { cpFile, listSegments, readCheckpointFile, readSegmentBytes, segFile } from './segment-io.js';
import { addDays, beijingDate } from '../platform/time.js';
import { loadLogvaultCatalog } from './catalog-io.js';
import { legalLastDay } from './retention.js';
import type { Messages } from './vault-errors.js';
import { EXPIRED_FILE, readExpired, readSeals, readVaultFile } from './vault-io.js';

/**
 * Offline verification of a vault folder (`wangan logvault verify`): every
 * segment of the range re-read and re-hashed, every checkpoint's signature
 * checked and its root compared with the tree at its size, sequence numbers
 * continuous, and each sealed day's segments equal to its seal. Stops at the
 * first problem and names the segment.
 */
export interface VerifyOptions {
  /** First Beijing date (YYYY-MM-DD), inclusive; default: the first segment's. */
  from?: string;
  /** Last Beijing date, exclusive; default: after the last segment's. */
  to?: string;
  /** The verifier key to trust; default: the one vault.json names. */
  vkey?: string;
  /** Only segments from this one on (by name): an incremental check of what arrived since an earlier one. */
  fromSegment?: string;
  /** Day seals to check (as recorded in the ledger); default: the vault's seals.jsonl. */
  seals?: DaySeal[];
}

export type VerifyCode =
  | 'not_a_vault'
  | 'segment_damaged'
  | 'checkpoint_damaged'
  | 'checkpoint_signature'
  | 'checkpoint_root_mismatch'
  | 'events_missing'
  | 'unsigned_events'
  | 'event_outside_day'
  | 'sequence_gap'
  | 'segment_missing'
  | 'segment_not_in_seal'
  | 'seal_mismatch'
  /** expired.jsonl lists a day removed before the legal minimum had passed, or one never sealed. */
  | 'expired_early'
  | 'expired_not_sealed';

export interface VerifyCounts {
  segments: number;
  events: number;
  checkpoints: number;
  seals: number;
  /** Sealed days of the range whose segments the expiry job removed (expired.jsonl): reported, not missing. */
  expired: number;
}

export type VerifyResult =
  | (VerifyCounts & {
      ok: true;
      /** Events of the vault's last segment not yet under a checkpoint (signed within a second while it runs). */
      unsignedEvents: number;
      /** Bytes at the end of the last segment that are not a whole block yet (a write under way, or a crash the next start cuts). */
      tailBytes: number;
      /** The last segment read (an incremental check starts from its day). */
      lastSegment: string | null;
    })
  | (VerifyCounts & {
      ok: false;
      code: VerifyCode;
      segment: string | null;
      date?: string;
      messages: Messages;
    });

class Bad extends Error {
  constructor(
    readonly code: VerifyCode,
    readonly segment: string | null,
    readonly messages: Messages,
    readonly date?: string,
  ) {
    super(messages.en);
  }
}

const why = {
  damaged: (n: string, reason: string) =>
    new Bad('segment_damaged', n, {
      zh: `日志段 ${n} 已损坏或被改动：${zhReason(reason)}。`,
      en: `Log segment ${n} is damaged or was altered: ${reason}.`,
    }),
};

/** The reasons segment reading gives, for a Chinese reader. */
function zhReason(reason: string): string {
  if (/checksum/.test(reason)) return '数据块校验值不符';
  if (/cut short/.test(reason)) return '数据块不完整（文件被截断）';
  if (/order/.test(reason)) return '事件未按接收时间排列';
  if (/starts at event/.test(reason)) return '数据块编号不连续（有数据块被删除或插入）';
  if (/inflate/.test(reason)) return '数据块无法解压';
  if (/holds .* records/.test(reason)) return '数据块中的事件数与块头不符';
  if (/segment header/.test(reason) || /not a log vault segment/.test(reason)) return '段文件头无效';
  return '结构无效';
}

export async function verifyVault(dir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const counts: VerifyCounts = { segments: 0, events: 0, checkpoints: 0, seals: 0, expired: 0 };
  try {
    const tail = await run(dir, options, counts);
    return { ok: true, ...counts, ...tail };
  } catch (err) {
    if (err instanceof Bad)
      return {
        ok: false,
        ...counts,
        code: err.code,
        segment: err.segment,
        ...(err.date ? { date: err.date } : {}),
        messages: err.messages,
      };
    throw err;
  }
}

interface Summary {
  name: string;
  date: string;
  base: number;
  size: number;
  root: string;
  sha256: string;
  firstTime: number | null;
  lastTime: number | null;
}

async function run(
  dir: string,
  options: VerifyOptions,
  counts: VerifyCounts,
): Promise<{ unsignedEvents: number; tailBytes: number; lastSegment: string | null }> {
  const id = readVaultFile(dir);
  if (!id)
    throw new Bad('not_a_vault', null, {
      zh: `${dir} 不是日志库目录（缺少 vault.json）。`,
      en: `${dir} is not a log vault (no vault.json).`,
    });
  const vkey = options.vkey ?? id.vkey;
  const segDir = path.join(dir, 'segments');
  const all = listSegments(segDir);
  const lastOfVault = all[all.length - 1];
  const inRange = (date: string) =>
    (!options.from || date >= options.from) && (!options.to || date < options.to);
  const names = all.filter(
    (n) => inRange(parseSegmentName(n)!.date) && (!options.fromSegment || n >= options.fromSegment),
  );
  // Days the expiry job removed: their segments are gone on purpose, and their events leave a gap in the numbering.
  const expiredDays = readExpired(path.join(dir, EXPIRED_FILE), false);
  const onDisk = new Set(all);
  const expiredSizes = new Map<string, number>();
  for (const e of expiredDays)
    for (const s of e.segments) if (!onDisk.has(s.name)) expiredSizes.set(s.name, s.size);
  const expiredBetween = (a: string, b: string) => {
    let n = 0;
    for (const [name, size] of expiredSizes) if (name > a && name < b) n += size;
    return n;
  };
  const summaries: Summary[] = [];
  let unsignedEvents = 0;
  let tailBytes = 0;
  let prev: Summary | undefined;

  for (const name of names) {
    const date = parseSegmentName(name)!.date;
    const buf = await fs.promises.readFile(segFile(segDir, name));
    const isLast = name === lastOfVault;

    // Checkpoints: each signed by the key, for this segment, never shrinking.
    const cpRead = readCheckpointFile(cpFile(segDir, name), false);
    if (cpRead.damagedLines.length || (cpRead.tornBytes > 0 && !isLast))
      throw new Bad('checkpoint_damaged', name, {
        zh: `日志段 ${name} 的检查点文件已损坏。`,
        en: `The checkpoint file of log segment ${name} is damaged.`,
      });
    const expected = new Map<number, Buffer>();
    let signed = 0;
    for (const stored of cpRead.checkpoints) {
      let cp;
      try {
        cp = openCheckpoint(stored.note, vkey);
      } catch (err) {
        if (!(err instanceof NoteError)) throw err;
        throw new Bad('checkpoint_signature', name, {
          zh: `日志段 ${name} 的检查点签名无效（${err.message.includes('no signature') ? '非本系统密钥签名' : '签名不符'}）。`,
          en: `A checkpoint of log segment ${name} does not verify: ${err.message}.`,
        });
      }
      if (cp.origin !== segmentOrigin(id.origin, name) || cp.size !== stored.size || cp.size < signed)
        throw new Bad('checkpoint_signature', name, {
          zh: `日志段 ${name} 的检查点不属于该段或顺序有误。`,
          en: `A checkpoint of log segment ${name} is for another log, or out of order.`,
        });
      const seen = expected.get(cp.size);
      if (seen && !seen.equals(cp.root)) throw rootMismatch(name);
      expected.set(cp.size, cp.root);
      signed = cp.size;
      counts.checkpoints++;
    }

    // Re-hash every event, comparing the root at each checkpoint's size.
    const tree = new CompactTree();
    let read;
    try {
      read = readSegmentBytes(name, buf, {
        onLeaves: (leaves) => {
          for (let i = 0; i < leaves.length; i += 32) {
            tree.append(leaves.subarray(i, i + 32));
            const want = expected.get(tree.size);
            if (want && !want.equals(tree.root())) throw rootMismatch(name);
          }
        },
      });
    } catch (err) {
      if (err instanceof FormatError) throw why.damaged(name, err.message);
      throw err;
    }
    if (read.problem) {
      // The vault's last segment may end in a block still being written (or torn by a
      // crash the next start cuts), past what any checkpoint signs.
      if (isLast && read.problem.tail && read.count >= signed) tailBytes = read.fileBytes - read.goodBytes;
      else throw why.damaged(name, `block ${read.problem.block + 1}: ${read.problem.reason}`);
    }
    if (signed > read.count)
      throw new Bad('events_missing', name, {
        zh: `日志段 ${name} 现有 ${read.count} 条事件，其检查点签署过 ${signed} 条：有事件被删除或文件被截断。`,
        en: `Log segment ${name} holds ${read.count} events but a checkpoint signs ${signed}: events were removed or the file was cut.`,
      });
    if (signed < read.count) {
      if (!isLast)
        throw new Bad('unsigned_events', name, {
          zh: `日志段 ${name} 已关闭，但末尾 ${read.count - signed} 条事件没有检查点签名：事件是事后添加的，或检查点被删除。`,
          en: `Log segment ${name} is closed but its last ${read.count - signed} events are under no checkpoint: they were added afterwards, or a checkpoint was removed.`,
        });
      unsignedEvents = read.count - signed;
    }
    const first = read.blocks[0]?.header.firstTime ?? null;
    const last = read.lastTime;
    const day = dateDay(date);
    if ((first !== null && beijingDay(first) !== day) || (last !== null && beijingDay(last) !== day))
      throw new Bad('event_outside_day', name, {
        zh: `日志段 ${name} 中有不属于 ${date}（北京时间）的事件。`,
        en: `Log segment ${name} holds events received outside ${date} (Beijing time).`,
      });
    const summary: Summary = {
      name,
      date,
      base: read.header.base,
      size: read.count,
      root: tree.root().toString('base64'),
      sha256: crypto.createHash('sha256').update(buf).digest('hex'),
      firstTime: first,
      lastTime: last,
    };
    // Sequence numbers run on from the segment before: a segment removed between them shows here.
    if (prev && all.indexOf(prev.name) === all.indexOf(name) - 1) {
      if (summary.base !== prev.base + prev.size + expiredBetween(prev.name, name))
        throw new Bad('sequence_gap', name, {
          zh: `日志段 ${name} 从第 ${summary.base} 条事件开始，而前一段 ${prev.name} 止于第 ${prev.base + prev.size} 条：中间的日志段缺失。`,
          en: `Log segment ${name} starts at event ${summary.base}, the segment before (${prev.name}) ends at ${prev.base + prev.size}: a segment between them is missing.`,
        });
      if (prev.lastTime !== null && first !== null && first < prev.lastTime)
        throw why.damaged(name, 'events older than those of the segment before');
    }
    summaries.push(summary);
    prev = summary;
    counts.segments++;
    counts.events += read.count;
  }

  // Day seals: the day's segments on disk are exactly those sealed, unchanged.
  const seals = (options.seals ?? readSeals(path.join(dir, 'seals.jsonl'), false)).filter((s) =>
    inRange(s.date),
  );
  const rules = loadLogvaultCatalog().retention;
  const expiredOf = new Map(expiredDays.map((e) => [e.date, e]));
  const sealedDates = new Set(seals.map((s) => s.date));
  const unsealed = expiredDays.find((e) => inRange(e.date) && !sealedDates.has(e.date));
  if (unsealed)
    throw new Bad(
      'expired_not_sealed',
      unsealed.segments[0]?.name ?? null,
      {
        zh: `${unsealed.date} 的日志段已被删除，但该日没有封存记录：无法证明其日志曾完整留存。`,
        en: `The segments of ${unsealed.date} were removed but the day has no seal: nothing proves its logs were kept whole.`,
      },
      unsealed.date,
    );
  for (const seal of seals) {
    const onDisk = summaries.filter((s) => s.date === seal.date);
    const gone = expiredOf.get(seal.date);
    const claimed = dayRoot(seal.segments.map((s) => Buffer.from(s.root, 'base64'))).toString('base64');
    if (claimed !== seal.root)
      throw new Bad(
        'seal_mismatch',
        null,
        {
          zh: `${seal.date} 的封存记录自相矛盾（日根与各段根不符）。`,
          en: `The seal of ${seal.date} contradicts itself (its root is not the root of its segments).`,
        },
        seal.date,
      );
    if (gone) {
      const listed = (x: { name: string; sha256: string; size: number }) => `${x.name} ${x.sha256} ${x.size}`;
      if (gone.segments.map(listed).join('\n') !== seal.segments.map(listed).join('\n'))
        throw new Bad(
          'seal_mismatch',
          null,
          {
            zh: `${seal.date} 的到期删除记录所列日志段与其封存记录不符。`,
            en: `The expiry of ${seal.date} lists other segments than its seal.`,
          },
          seal.date,
        );
      // The law's six months are the floor whatever the policy was (CSL 2025 Art 23(3)).
      const earliest = addDays(legalLastDay(seal.date, rules), 1);
      if (beijingDate(new Date(gone.at)) < earliest)
        throw new Bad(
          'expired_early',
          gone.segments[0]?.name ?? null,
          {
            zh: `${seal.date} 的日志于 ${gone.at} 被删除，早于法定留存期满（${earliest}起方可删除）。`,
            en: `The logs of ${seal.date} were removed at ${gone.at}, before the legal minimum had passed (removable from ${earliest}).`,
          },
          seal.date,
        );
    }
    for (const s of seal.segments) {
      const found = onDisk.find((d) => d.name === s.name);
      if (!found && gone) continue;
      if (!found)
        throw new Bad(
          'segment_missing',
          s.name,
          {
            zh: `${seal.date} 已封存的日志段 ${s.name} 不存在。`,
            en: `Log segment ${s.name}, sealed with ${seal.date}, is missing.`,
          },
          seal.date,
        );
      if (found.size !== s.size || found.root !== s.root || found.sha256 !== s.sha256)
        throw new Bad(
          'seal_mismatch',
          s.name,
          {
            zh: `日志段 ${s.name} 与 ${seal.date} 的封存记录不符：封存后被改动。`,
            en: `Log segment ${s.name} differs from the seal of ${seal.date}: it changed after sealing.`,
          },
          seal.date,
        );
    }
    const extra = onDisk.find((d) => !seal.segments.some((s) => s.name === d.name));
    if (extra)
      throw new Bad(
        'segment_not_in_seal',
        extra.name,
        {
          zh: `日志段 ${extra.name} 不在 ${seal.date} 的封存记录中：封存后被添加。`,
          en: `Log segment ${extra.name} is not in the seal of ${seal.date}: it was added after sealing.`,
        },
        seal.date,
      );
    if (gone) counts.expired++;
    else counts.seals++;
  }
  return { unsignedEvents, tailBytes, lastSegment: names[names.length - 1] ?? null };
}

function rootMismatch(name: string): Bad {
  return new Bad('checkpoint_root_mismatch', name, {
    zh: `日志段 ${name} 的事件与其已签名的检查点不符：有事件被修改、删除或调换顺序。`,
    en: `The events of log segment ${name} do not match its signed checkpoint: events were changed, removed or reordered.`,
  });
}
