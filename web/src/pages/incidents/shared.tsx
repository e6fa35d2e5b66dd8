import { Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentGrade } from '../../../../contract/incidents.js';
import type { Bilingual } from '../../../../contract/status.js';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { shanghaiDateTime } from '../../deadline-format.js';
import type { IncidentCatalog, IncidentClock, ReportKind } from './types.js';

/**
 * What the incident pages share: grade colours (the national plan's warning
 * colours), Beijing wall time in and out of the date-time pickers, the live
 * countdown of a reporting clock, and who may write.
 */

/** The national plan's warning colour per grade: red, orange, yellow, blue. */
export const gradeColour: Record<IncidentGrade, string> = {
  I: 'red',
  II: 'orange',
  III: 'gold',
  IV: 'blue',
};

export function GradeTag({
  grade,
  label,
  manual,
  testId,
}: {
  grade: IncidentGrade;
  label?: Bilingual;
  manual?: boolean;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  return (
    <span data-testid={testId}>
      <Tag color={gradeColour[grade]}>
        {t('Grade {{grade}}', { grade })}
        {label ? ` ${label[lang]}` : ''}
      </Tag>
      {manual && <Tag color="purple">{t('manual grade')}</Tag>}
    </span>
  );
}

/** Beijing wall time of an instant, or a dash. */
export function beijing(iso: string | null | undefined): string {
  return iso ? shanghaiDateTime(iso) : '—';
}

/** Beijing wall time to the second (YYYY-MM-DD HH:mm:ss). */
export function beijingSeconds(iso: string): string {
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
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  ) as Record<string, string>;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/**
 * A date-time picker's value is read as Beijing wall time whatever the
 * browser's zone: sent without an offset, which the server reads as Beijing
 * time (contract/incidents.ts).
 */
export function pickerToBeijing(d: Dayjs | null | undefined): string | null {
  return d ? d.format('YYYY-MM-DDTHH:mm:ss') : null;
}

/** An instant as a picker value showing its Beijing wall time. */
export function beijingToPicker(iso: string): Dayjs {
  return dayjs(beijingSeconds(iso).replace(' ', 'T'));
}

/** "now" on the server: its answer's `now` plus the time passed since, ticking each second. */
export function useServerClock(serverNow: string | null | undefined): number {
  const [offset, setOffset] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (serverNow) setOffset(Date.parse(serverNow) - Date.now());
  }, [serverNow]);
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return now + offset;
}

/** "3:59:58" left, or "overdue by 0:00:02"; days shown past 24 hours. */
export function countdownText(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${h}:${pad(m)}:${pad(s)}`;
  return d > 0 ? `${d}d ${clock}` : clock;
}

/** A clock counting down to `dueAt` from `now` (ms), red once past. */
export function Countdown({ dueAt, now, testId }: { dueAt: string; now: number; testId?: string }) {
  const { t } = useTranslation();
  const left = Date.parse(dueAt) - now;
  const text = countdownText(left).replace(/^(\d+)d /, (_, n: string) => t('{{n}} d ', { n }));
  return left >= 0 ? (
    <Typography.Text strong data-testid={testId} data-left={Math.floor(left / 1000)}>
      {t('{{time}} left', { time: text })}
    </Typography.Text>
  ) : (
    <Typography.Text strong type="danger" data-testid={testId} data-left={Math.floor(left / 1000)}>
      {t('overdue by {{time}}', { time: text })}
    </Typography.Text>
  );
}

/**
 * What this user may do on incidents: the server's `can` for the routes'
 * actions (writers: admin, compliance and security officers; the breach
 * notice also the data-protection officer; an auditor reads only).
 */
export function useIncidentRights(): { write: boolean; breach: boolean } {
  const { can } = useAuth();
  const write = can(ACTIONS.write);
  return { write, breach: write || can(ACTIONS.breach) };
}

/** The route actions the rights above read (src/incidents/routes.ts). */
export const ACTIONS = { write: 'incidents.open', breach: 'incidents.breach' } as const;

/** A file the browser downloads from a GET route (the server sends it as an attachment). */
export function downloadHref(path: string, params: Record<string, string>): string {
  return `${path}?${new URLSearchParams(params).toString()}`;
}

let catalogOnce: Promise<IncidentCatalog> | null = null;
/** The incident rules (categories, facts, thresholds, report contents), fetched once per page load. */
export function useIncidentCatalog(): IncidentCatalog | null {
  const [catalog, setCatalog] = useState<IncidentCatalog | null>(null);
  useEffect(() => {
    catalogOnce ??= api<IncidentCatalog>('GET', '/api/incidents/catalog').catch((e: unknown) => {
      catalogOnce = null;
      throw e;
    });
    let live = true;
    catalogOnce.then(
      (c) => live && setCatalog(c),
      (e: unknown) => console.warn(e),
    );
    return () => {
      live = false;
    };
  }, []);
  return catalog;
}

/** Console words for the contract's codes (the English sentence is the translation key). */
export const statusLabel: Record<'open' | 'closed', string> = { open: 'Being handled', closed: 'Closed' };
export const reportKindLabel: Record<ReportKind, string> = {
  initial: 'Initial report',
  supplementary: 'Supplementary report',
  final: 'Final report',
};
export const clockRuleLabel: Record<string, string> = {
  cii: 'Initial report: involves critical information infrastructure',
  central_organ: 'Initial report: central or state organ',
  other: 'Initial report',
  final: 'Final report',
};
export const clockStatusLabel: Record<IncidentClock['status'], string> = {
  waiting: 'starts when handling ends',
  running: 'running',
  overdue: 'overdue',
  sent: 'sent',
  sent_late: 'sent late',
};
export const clockStatusColour: Record<IncidentClock['status'], string> = {
  waiting: 'default',
  running: 'processing',
  overdue: 'red',
  sent: 'green',
  sent_late: 'orange',
};
export const sourceLabel: Record<string, string> = {
  console: 'opened in the console',
  api: 'opened through the API',
  siem: 'reported by the SIEM',
  logvault: 'raised by the log vault',
};

/** "within 4 hours", "within 1 hour", "within 30 days" from an ISO 8601 duration. */
export function useWithinText(): (iso: string) => string {
  const { t } = useTranslation();
  return (iso) => {
    const h = /^PT(\d+)H$/.exec(iso);
    if (h) return Number(h[1]) === 1 ? t('within 1 hour') : t('within {{n}} hours', { n: Number(h[1]) });
    const d = /^P(\d+)D$/.exec(iso);
    if (d) return Number(d[1]) === 1 ? t('within 1 day') : t('within {{n}} days', { n: Number(d[1]) });
    return iso;
  };
}
