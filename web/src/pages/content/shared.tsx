import { Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type {
  complaintChannelSchema,
  complaintListSchema,
  complaintPublicViewSchema,
  complaintReceiptSchema,
  complaintSchema,
  contentStatusSchema,
  disposalListSchema,
  DisposalView,
  powChallengeSchema,
  reviewListSchema,
  reviewSchema,
  ruleSetContentSchema,
  ruleSetVersionListSchema,
  ruleSetVersionSchema,
  ScreenDecision,
  ScreenMatch,
  screenResultSchema,
  takedownListSchema,
  takedownSchema,
} from '../../../../contract/content.js';
import { useAuth } from '../../auth.js';
import { shanghaiDateTime } from '../../deadline-format.js';

/**
 * What the content pages share: the shapes they read (inferred from
 * contract/content.ts, nothing restated), the console words for the
 * contract's codes, matched spans highlighted in a text, Beijing time and
 * who may do what.
 */
export type ContentStatus = z.infer<typeof contentStatusSchema>;
export type RuleSetVersion = z.infer<typeof ruleSetVersionSchema>;
export type RuleSetVersionList = z.infer<typeof ruleSetVersionListSchema>;
export type RuleSetContent = z.infer<typeof ruleSetContentSchema>;
export type ScreenResult = z.infer<typeof screenResultSchema>;
export type Review = z.infer<typeof reviewSchema>;
export type ReviewList = z.infer<typeof reviewListSchema>;
export type Disposal = DisposalView;
export type DisposalList = z.infer<typeof disposalListSchema>;
export type Takedown = z.infer<typeof takedownSchema>;
export type TakedownList = z.infer<typeof takedownListSchema>;
export type Complaint = z.infer<typeof complaintSchema>;
export type ComplaintList = z.infer<typeof complaintListSchema>;
export type ComplaintChannel = z.infer<typeof complaintChannelSchema>;
export type ComplaintReceipt = z.infer<typeof complaintReceiptSchema>;
export type ComplaintPublicView = z.infer<typeof complaintPublicViewSchema>;
export type PowChallenge = z.infer<typeof powChallengeSchema>;

/** The route actions the console reads from the server's `can` (src/content/*-part.ts). */
export const ACTIONS = {
  publishRules: 'content.rules_publish',
  activateRules: 'content.rules_activate',
  tryText: 'content.screen_try',
  decideReview: 'content.review_decide',
  recordDisposal: 'content.disposal_record',
  confirmDeletion: 'content.deletion_confirm',
  reportDisposals: 'content.disposals_report',
  createTakedown: 'content.takedown_record',
  actOnTakedown: 'content.takedown_action',
  confirmTakedown: 'content.takedown_confirm',
  triageComplaint: 'content.complaint.triage',
  replyComplaint: 'content.complaint.reply',
  closeComplaint: 'content.complaint.close',
  revealContact: 'content.complaint.reveal',
  publishChannel: 'content.channel.publish',
} as const;

export type ContentRights = Record<keyof typeof ACTIONS, boolean>;

export function useContentRights(): ContentRights {
  const { can } = useAuth();
  return Object.fromEntries(Object.entries(ACTIONS).map(([k, action]) => [k, can(action)])) as ContentRights;
}

/** The catalogue's categories (catalog/content.yaml); an operator's own show by their code. */
export const categoryLabel: Record<string, string> = {
  fraud: 'Fraud',
  gambling: 'Gambling',
  drugs: 'Illegal drugs trade',
  weapons: 'Weapons trade',
  phishing: 'Phishing links',
  malware: 'Malware',
  other: 'Other prohibited content',
};
export const categoryCodes = Object.keys(categoryLabel);

/** The issuers of takedown demands and the recipients of reports (catalog/content.yaml). */
export const issuerLabel: Record<string, string> = {
  cac: 'Cyberspace administration (CAC office)',
  mps: 'Public security organ',
  miit: 'Telecommunications regulator (MIIT)',
  other: 'Other competent department',
};
export const recipientLabel: Record<string, string> = {
  cac: 'Cyberspace administration (CAC office)',
  mps: 'Public security organ',
  sector: 'Sector regulator',
};

export const decisionLabel: Record<ScreenDecision, string> = {
  allow: 'Allow',
  review: 'Hold for review',
  block: 'Block',
};
const decisionColour: Record<ScreenDecision, string> = { allow: 'green', review: 'gold', block: 'red' };

export const complaintStatusLabel: Record<Complaint['status'], string> = {
  received: 'Received for handling',
  in_progress: 'Being handled',
  answered: 'Answered',
  closed: 'Handled and closed',
  rejected: 'Rejected',
};
const complaintStatusColour: Record<Complaint['status'], string> = {
  received: 'blue',
  in_progress: 'processing',
  answered: 'cyan',
  closed: 'default',
  rejected: 'default',
};
export const complaintKindLabel: Record<Complaint['kind'], string> = {
  complaint: 'Complaint',
  report: 'Report of illegal content',
};
export const takedownStatusLabel: Record<Takedown['status'], string> = {
  open: 'Open',
  done: 'Acted on',
  confirmed: 'Confirmed',
};
export const deletionStateLabel: Record<Disposal['deletion']['state'], string> = {
  not_requested: 'not requested',
  requested: 'requested',
  failed: 'request failed',
  confirmed: 'confirmed',
};
export const originLabel: Record<Disposal['origin'], string> = {
  screening: 'screening',
  review: 'review',
  manual: 'recorded by hand',
  takedown: 'takedown demand',
  complaint: 'complaint',
};
export const reviewStatusLabel: Record<Review['status'], string> = {
  pending: 'Pending',
  allowed: 'Allowed',
  removed: 'Removed',
};

/** A code in the console's words: its English sentence translated, else the code itself. */
export function labelOf(t: (key: string) => string, table: Record<string, string>, code: string): string {
  const label = table[code];
  return label ? t(label) : code;
}

export function CategoryTag({ category }: { category: string }) {
  const { t } = useTranslation();
  return <Tag data-testid="category">{labelOf(t, categoryLabel, category)}</Tag>;
}

export function DecisionTag({ decision, testId }: { decision: ScreenDecision; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={decisionColour[decision]} data-testid={testId ?? 'decision'} data-decision={decision}>
      {t(decisionLabel[decision])}
    </Tag>
  );
}

export function ComplaintStatusTag({ status }: { status: Complaint['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={complaintStatusColour[status]} data-testid="complaint-status" data-status={status}>
      {t(complaintStatusLabel[status])}
    </Tag>
  );
}

/** A default the law does not fix: marked so wherever it is shown. */
export function UncertainTag() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('The law sets no number here: this is the product’s default; a setting overrides it.')}>
      <Tag color="orange" data-testid="uncertain">
        {t('uncertain')}
      </Tag>
    </Tooltip>
  );
}

/** Beijing wall time of an instant, or a dash. */
export function beijing(iso: string | null | undefined): string {
  return iso ? shanghaiDateTime(iso) : '—';
}

/** Time left until `dueAt` from `now`, or how long overdue, in days and hours. */
export function TimeLeft({ dueAt, now, done }: { dueAt: string; now: number; done?: boolean }) {
  const { t } = useTranslation();
  if (done) return null;
  const ms = Date.parse(dueAt) - now;
  const hours = Math.floor(Math.abs(ms) / 3_600_000);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  const span =
    d > 0
      ? t('{{d}} d {{h}} h', { d, h })
      : hours > 0
        ? t('{{h}} h', { h })
        : t('{{m}} min', { m: Math.max(1, Math.floor(Math.abs(ms) / 60_000)) });
  return ms >= 0 ? (
    <Typography.Text type="secondary" data-testid="time-left">
      {t('{{time}} left', { time: span })}
    </Typography.Text>
  ) : (
    <Typography.Text type="danger" strong data-testid="time-left">
      {t('overdue by {{time}}', { time: span })}
    </Typography.Text>
  );
}

/**
 * A text with the matched spans highlighted. Offsets are UTF-16 code units of
 * the text; a match whose offsets do not fall on its own characters (an
 * excerpt cut from a longer text) is found by its characters instead.
 * Overlapping spans merge into one highlight.
 */
export function Highlighted({
  text,
  matches,
  testId,
}: {
  text: string;
  matches: readonly Pick<ScreenMatch, 'start' | 'end' | 'text' | 'rule' | 'category'>[];
  testId?: string;
}) {
  const spans: [number, number][] = [];
  for (const m of matches) {
    if (m.start >= 0 && m.end <= text.length && m.end > m.start && text.slice(m.start, m.end) === m.text)
      spans.push([m.start, m.end]);
    else if (m.text) {
      for (let at = text.indexOf(m.text); at >= 0; at = text.indexOf(m.text, at + 1))
        spans.push([at, at + m.text.length]);
    }
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  const out: ReactNode[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) out.push(text.slice(at, s));
    out.push(
      <mark key={s} data-testid="match-mark" style={{ background: '#ffe58f', padding: 0 }}>
        {text.slice(s, e)}
      </mark>,
    );
    at = e;
  }
  if (at < text.length) out.push(text.slice(at));
  return (
    <span data-testid={testId} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {out}
    </span>
  );
}

/** The matches as tags: pattern and category. */
export function MatchTags({ matches }: { matches: readonly ScreenMatch[] }) {
  const { t } = useTranslation();
  const seen = new Map<string, ScreenMatch>();
  for (const m of matches) seen.set(`${m.rule}\u0000${m.category}`, m);
  return (
    <span data-testid="match-tags">
      {[...seen.values()].map((m) => (
        <Tag key={`${m.rule}:${m.category}`} color={decisionColour[m.action]}>
          {m.rule} · {labelOf(t, categoryLabel, m.category)}
        </Tag>
      ))}
    </span>
  );
}

/** A picker's value read as Beijing wall time, as an instant with its offset. */
export function beijingInstant(d: { format(f: string): string } | null | undefined): string | undefined {
  return d ? `${d.format('YYYY-MM-DDTHH:mm:ss')}+08:00` : undefined;
}

/** Now as a picker value showing Beijing wall time, whatever the browser's zone. */
export function beijingNowPicker(): Dayjs {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date())
      .map((x) => [x.type, x.value]),
  ) as Record<string, string>;
  return dayjs(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`);
}

/** The browser's clock, ticking every `ms` (for time left on a list). */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}
