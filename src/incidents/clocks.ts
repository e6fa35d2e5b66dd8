import { AppError } from '../platform/errors.js';
import { addDuration, HOUR, isCivilDate, isFutureInstant } from '../platform/time.js';
import { gradeRank, type Bilingual, type Grade, type IncidentsFile } from './catalog-schema.js';
import { formatIncidentCitations } from './citations.js';
import { parseGrade } from './grading.js';

/**
 * The statutory reporting clocks of an incident, from the moment it was
 * discovered (2025 Incident Reporting Measures Art 4; CSL 2025 Art 27, 2016
 * Art 25; CII Regulation 2021 Art 18). Reporting is mandatory from 较大 (III)
 * up. Each rule whose condition holds applies: the incident involves CII
 * (1 hour, protection department and public security); the operator is a
 * central or state organ or a unit directly under one (2 hours, its
 * department's cyber affairs unit); every other case, i.e. neither (4 hours,
 * the provincial cyberspace administration). A central organ's CII incident
 * owes both the 1-hour and the 2-hour report. Due instants are exact; times
 * are shown in Beijing time (UTC+8, the legal zone) whatever the process's
 * zone. Pure: "now" is passed in.
 */
export type ReportingRules = Pick<IncidentsFile, 'reporting' | 'instruments'>;

export interface DeadlineInput {
  grade: Grade;
  discoveredAt: Date;
  /** The incident involves critical information infrastructure (a fact of the incident). */
  involvesCii: boolean;
  /** The operator is a central or state organ, or a unit directly under one. */
  centralOrgan: boolean;
}

export interface ReportDeadline {
  due: Date;
  /** ISO 8601 duration from discovery: PT1H, PT2H, PT4H. */
  within: string;
  to: Bilingual;
  /** The catalogue's report rule: cii, central_organ, other. */
  rule: string;
  /** The catalogue duty the report is evidence for. */
  obligation: string;
  citations: string[];
  citation: Bilingual;
}

export interface Deadlines {
  mandatory: boolean;
  /** The initial reports owed, the earliest first; empty when nothing is mandatory. */
  reports: ReportDeadline[];
  /** The final report's clock, which starts when handling ends; null when nothing is mandatory. */
  final_report: { within: string; to: Bilingual; obligation: string; citation: Bilingual } | null;
  /** Reporting the basics first and supplementing them, and reporting again when the facts change; null when nothing is mandatory. */
  supplementary: { summary: Bilingual; citation: Bilingual } | null;
}

const BEIJING = 8 * HOUR;

const invalid = (field: string, messages: Bilingual) =>
  new AppError('validation_failed', messages, { field }, field);

const instant =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A date and time as a user writes it (ISO 8601): with an offset or Z it is
 * that instant; without one it is Beijing time, the legal zone
 * ("2026-03-01T23:30" is 15:30 UTC). A date alone, or a time that does not
 * exist, is refused naming the field.
 */
export function parseInstant(text: string, field: string): Date {
  const m = instant.exec(text.trim());
  const bad = () =>
    invalid(field, {
      zh: `${field}：“${text}”不是有效的日期时间，应为ISO 8601格式，如 2026-03-01T23:30（未写时区时按北京时间）或 2026-03-01T23:30:00+08:00。`,
      en: `${field}: "${text}" is not a date and time; write ISO 8601 such as 2026-03-01T23:30 (Beijing time when no offset is given) or 2026-03-01T23:30:00+08:00.`,
    });
  if (!m) throw bad();
  const [, date = '', hh = '', mi = '', ss = '0', frac = '', zone] = m;
  const [h, min, s] = [Number(hh), Number(mi), Number(ss)];
  if (!isCivilDate(date) || h > 23 || min > 59 || s > 59) throw bad();
  let offset = BEIJING;
  if (zone && zone.toUpperCase() === 'Z') offset = 0;
  else if (zone) {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    const oh = Number(z[2]);
    const om = Number(z[3] ?? 0);
    if (oh > 14 || om > 59) throw bad();
    offset = (z[1] === '-' ? -1 : 1) * (oh * HOUR + om * 60_000);
  }
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  const utc = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
    h,
    min,
    s,
    ms,
  );
  return new Date(utc - offset);
}

/** An instant in ISO 8601 at Beijing's offset: 2026-03-02T03:30:00+08:00 (milliseconds only when there are some). */
export function isoBeijing(at: Date): string {
  const local = new Date(at.getTime() + BEIJING).toISOString();
  return `${at.getUTCMilliseconds() ? local.slice(0, 23) : local.slice(0, 19)}+08:00`;
}

function checkDiscovery(discoveredAt: Date, now: Date): void {
  if (!(discoveredAt instanceof Date) || Number.isNaN(discoveredAt.getTime()))
    throw invalid('discovered_at', {
      zh: '发现时间不是有效的时间。',
      en: 'The discovery time is not a valid time.',
    });
  if (isFutureInstant(discoveredAt, now))
    throw invalid('discovered_at', {
      zh: `发现时间（北京时间 ${isoBeijing(discoveredAt)}）晚于当前时间，不能是将来的时间。`,
      en: `The discovery time (${isoBeijing(discoveredAt)}) is in the future.`,
    });
}

const holds = (when: ReportingRules['reporting']['initial'][number]['when'], i: DeadlineInput): boolean =>
  when === 'involves_cii'
    ? i.involvesCii
    : when === 'central_organ'
      ? i.centralOrgan
      : !i.involvesCii && !i.centralOrgan;

/** Whether reporting is mandatory for a grade (较大 III and above). */
export function reportMandatory(grade: Grade, rules: ReportingRules): boolean {
  return gradeRank(grade) <= gradeRank(rules.reporting.mandatory_from);
}

/** The initial reports an incident owes, to whom and by when, and the final report's clock. */
export function reportingDeadlines(input: DeadlineInput, rules: ReportingRules, now: Date): Deadlines {
  const grade = parseGrade(input.grade);
  checkDiscovery(input.discoveredAt, now);
  if (!reportMandatory(grade, rules))
    return { mandatory: false, reports: [], final_report: null, supplementary: null };
  const reports = rules.reporting.initial
    .filter((r) => holds(r.when, input))
    .map((r): ReportDeadline => ({
      due: addDuration(input.discoveredAt, r.within),
      within: r.within,
      to: r.to,
      rule: r.id,
      obligation: r.obligation,
      citations: r.citations,
      citation: formatIncidentCitations(r.citations, rules.instruments),
    }))
    .sort((a, b) => a.due.getTime() - b.due.getTime());
  const f = rules.reporting.final_report;
  return {
    mandatory: true,
    reports,
    final_report: {
      within: f.within,
      to: f.to,
      obligation: f.obligation,
      citation: formatIncidentCitations(f.citations, rules.instruments),
    },
    supplementary: {
      summary: rules.reporting.supplementary.summary,
      citation: formatIncidentCitations(rules.reporting.supplementary.citations, rules.instruments),
    },
  };
}

/**
 * When the final report is due: its period (30 days) after handling ended.
 * Handling that has not ended (no end time, or one in the future) or that
 * ended before the incident was discovered is refused naming the field.
 */
export function finalReportDue(
  handlingEndedAt: Date | null | undefined,
  rules: ReportingRules,
  opts: { now: Date; discoveredAt?: Date | undefined },
): { due: Date; within: string } {
  if (!handlingEndedAt)
    throw invalid('handling_ended_at', {
      zh: '事件处置尚未结束：请先填写处置结束时间，总结报告期限自处置结束起算。',
      en: 'Handling has not ended: record when it ended first; the final report is due a period after that.',
    });
  if (Number.isNaN(handlingEndedAt.getTime()))
    throw invalid('handling_ended_at', {
      zh: '处置结束时间不是有效的时间。',
      en: 'The time handling ended is not a valid time.',
    });
  if (isFutureInstant(handlingEndedAt, opts.now))
    throw invalid('handling_ended_at', {
      zh: `处置结束时间（${isoBeijing(handlingEndedAt)}）晚于当前时间，不能是将来的时间。`,
      en: `The time handling ended (${isoBeijing(handlingEndedAt)}) is in the future.`,
    });
  if (opts.discoveredAt && handlingEndedAt.getTime() < opts.discoveredAt.getTime())
    throw invalid('handling_ended_at', {
      zh: `处置结束时间（${isoBeijing(handlingEndedAt)}）早于事件发现时间（${isoBeijing(opts.discoveredAt)}）。`,
      en: `Handling cannot end (${isoBeijing(handlingEndedAt)}) before the incident was discovered (${isoBeijing(opts.discoveredAt)}).`,
    });
  const within = rules.reporting.final_report.within;
  return { due: addDuration(handlingEndedAt, within), within };
}

/**
 * A final report can only be sent once handling has ended: one sent while
 * handling goes on, or dated before its end, is refused naming the field.
 */
export function checkFinalReportTime(sentAt: Date, handlingEndedAt: Date | null | undefined): void {
  if (!handlingEndedAt)
    throw invalid('handling_ended_at', {
      zh: '事件处置尚未结束，不能提交总结报告：请先填写处置结束时间。',
      en: 'Handling has not ended: a final report can only be sent after it ends; record when it ended first.',
    });
  if (sentAt.getTime() < handlingEndedAt.getTime())
    throw invalid('sent_at', {
      zh: `总结报告的提交时间（${isoBeijing(sentAt)}）早于处置结束时间（${isoBeijing(handlingEndedAt)}）。`,
      en: `The final report cannot be sent (${isoBeijing(sentAt)}) before handling ended (${isoBeijing(handlingEndedAt)}).`,
    });
}
