import { formatCitations } from '../../contract/citation.js';
import { dueText, type Deadline, type Escalation } from '../obligations/deadlines.js';
import { beijingDate, HOUR, MINUTE } from '../platform/time.js';
import type { Overview } from './types.js';

type Message = { title: string; markdown: string; text: string };

/** The duties an open item serves, by title (the ids are for machines). */
const dutyNames = (d: Deadline) => (d.duties ?? []).map((x) => `${x.title.zh} / ${x.title.en}`).join('; ');

const plain = (markdown: string) => markdown.replace(/^### /gm, '').replace(/\[(.+?)\]\((.+?)\)/g, '$1: $2');

/** The daily reminder: duties overdue and due soon, in Chinese and English. Pure; null when nothing is due. */
export function buildReminder(o: Overview, consoleUrl?: string): Message | null {
  const overdue = o.items.filter((i) => i.status === 'overdue');
  const soon = o.items.filter((i) => i.status === 'due_soon');
  const items = o.deadlines.filter((d) => d.status === 'overdue' || d.status === 'due_soon');
  if (overdue.length === 0 && soon.length === 0 && items.length === 0) return null;
  const line = (i: Overview['items'][number]) =>
    `${i.title.zh} / ${i.title.en}${i.nextDue ? ` (${beijingDate(new Date(i.nextDue))})` : ''}`;
  const title = `网安提醒：${overdue.length}项逾期，${soon.length}项即将到期 / wangan: ${overdue.length} overdue, ${soon.length} due soon`;
  const sections = [
    ...(overdue.length
      ? [`### 已逾期 Overdue (${overdue.length})`, ...overdue.map((i) => `- ${line(i)}`)]
      : []),
    ...(soon.length
      ? [
          `### ${o.dueSoonDays}天内到期 Due within ${o.dueSoonDays} days (${soon.length})`,
          ...soon.map((i) => `- ${line(i)}`),
        ]
      : []),
    ...(items.length
      ? [
          `### 待办事项 Open items (${items.length})`,
          ...items.map((d) => {
            const when = dueText(d);
            const duties = dutyNames(d);
            return `- ${d.status === 'overdue' ? '已逾期 overdue' : '即将到期 due soon'}: ${d.label.zh} / ${d.label.en}: ${d.subject}${when ? ` (${when}${d.estimate ? ', 估算 estimate' : ''})` : ''}${d.party === 'authority' ? ' [主管部门办理 the authority acts]' : ''}${duties ? ` — 义务 duty: ${duties}` : ''}`;
          }),
        ]
      : []),
    ...(consoleUrl ? [`[打开工作台 Open the workspace](${consoleUrl}/workspace)`] : []),
  ];
  const markdown = sections.join('\n');
  return { title, markdown, text: plain(markdown) };
}

function left(ms: number): string {
  if (ms <= 0) return '';
  const h = Math.floor(ms / HOUR);
  const m = Math.round((ms % HOUR) / MINUTE);
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

const pointText = {
  half: ['剩余一半时间', 'half of the time left'],
  quarter: ['剩余四分之一时间', 'a quarter of the time left'],
  expiry: ['已到期', 'the deadline has passed'],
} as const;

/** The escalation of a clock shorter than a day (half, a quarter of its time left, expired). Pure. */
export function buildEscalation(e: Escalation, now: Date, consoleUrl?: string): Message {
  const d = e.item;
  const [zh, en] = pointText[e.point];
  const remaining = left(new Date(d.dueAt!).getTime() - now.getTime());
  const title = `网安紧急提醒：${d.label.zh}，${zh} / wangan urgent: ${d.label.en}, ${en}`;
  const markdown = [
    `### ${d.label.zh} / ${d.label.en}`,
    `- 事项 Item: ${d.subject}`,
    `- 期限 Due: ${dueText(d)}${remaining ? ` (剩余 left: ${remaining})` : ''}`,
    ...(d.duties?.length ? [`- 义务 Duty: ${dutyNames(d)}`] : []),
    ...(d.rule.citations.length
      ? [
          `- 依据 Basis: ${formatCitations(d.rule.citations, 'zh')} / ${formatCitations(d.rule.citations, 'en')}`,
        ]
      : []),
    ...(consoleUrl ? [`[打开工作台 Open the workspace](${consoleUrl}/workspace)`] : []),
  ].join('\n');
  return { title, markdown, text: plain(markdown) };
}
