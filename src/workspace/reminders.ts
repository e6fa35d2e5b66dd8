import type { Overview } from './types.js';

/** The daily reminder: duties overdue and due soon, in Chinese and English. Pure; null when nothing is due. */
export function buildReminder(
  o: Overview,
  consoleUrl?: string,
): { title: string; markdown: string; text: string } | null {
  const overdue = o.items.filter((i) => i.status === 'overdue');
  const soon = o.items.filter((i) => i.status === 'due_soon');
  const items = o.deadlines.filter((d) => d.status === 'overdue' || d.status === 'due_soon');
  if (overdue.length === 0 && soon.length === 0 && items.length === 0) return null;
  const line = (i: Overview['items'][number]) =>
    `${i.title.zh} / ${i.title.en}${i.nextDue ? ` (${i.nextDue.slice(0, 10)})` : ''}`;
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
          `### 登记簿事项 Register items (${items.length})`,
          ...items.map(
            (d) =>
              `- ${d.status === 'overdue' ? '已逾期 overdue' : '即将到期 due soon'}: ${d.label.zh} / ${d.label.en}: ${d.subject}${d.due ? ` (${d.due})` : ''}${d.party === 'authority' ? ' [主管部门办理 the authority acts]' : ''}`,
          ),
        ]
      : []),
    ...(consoleUrl ? [`[打开工作台 Open the workspace](${consoleUrl}/workspace)`] : []),
  ];
  const markdown = sections.join('\n');
  return { title, markdown, text: markdown.replace(/^### /gm, '').replace(/\[(.+?)\]\((.+?)\)/g, '$1: $2') };
}
