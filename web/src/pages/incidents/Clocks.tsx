import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  beijing,
  beijingSeconds,
  clockRuleLabel,
  clockStatusColour,
  clockStatusLabel,
  Countdown,
  useWithinText,
} from './shared.js';
import type { IncidentClock, IncidentView } from './types.js';

/**
 * 报告时限: each statutory clock of the incident, counting down to the second
 * from the server's `now` (corrected for the browser's own clock), with its
 * recipient, deadline in Beijing time, citation and where it stands.
 */
export function ClocksCard({ incident, now }: { incident: IncidentView; now: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const within = useWithinText();
  const clocks = incident.clocks;
  return (
    <Card size="small" title={t('Reporting deadlines')} data-testid="clocks-card">
      {clocks.length === 0 ? (
        <Typography.Text type="secondary" data-testid="no-clocks">
          {incident.mandatory
            ? t('No reporting clock runs.')
            : t('Below grade III (significant) no report is owed; the clocks start if the grade rises.')}
        </Typography.Text>
      ) : (
        <Table<IncidentClock>
          rowKey={(c) => `${c.kind}-${c.rule}`}
          size="small"
          pagination={false}
          tableLayout="fixed"
          dataSource={clocks}
          onRow={(c) => ({ 'data-testid': `clock-${c.rule}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('Report'),
              render: (_, c) => (
                <>
                  <Typography.Text strong>{t(clockRuleLabel[c.rule] ?? c.rule)}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">{within(c.within)}</Typography.Text>
                </>
              ),
            },
            { title: t('To'), render: (_, c) => c.to[lang] },
            {
              title: t('Due (Beijing time)'),
              width: 170,
              render: (_, c) =>
                c.dueAt ? (
                  <span data-testid={`clock-due-${c.rule}`}>{beijingSeconds(c.dueAt)}</span>
                ) : (
                  <Typography.Text type="secondary">{t('once handling ends')}</Typography.Text>
                ),
            },
            {
              title: t('Time left'),
              width: 190,
              render: (_, c) =>
                (c.status === 'running' || c.status === 'overdue') && c.dueAt ? (
                  <Countdown dueAt={c.dueAt} now={now} testId={`countdown-${c.rule}`} />
                ) : c.sentAt ? (
                  <Typography.Text type="secondary">
                    {t('sent {{at}}', { at: beijing(c.sentAt) })}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                ),
            },
            {
              title: t('Status'),
              width: 150,
              render: (_, c) => {
                // Between two answers of the server a running clock can pass its deadline: shown overdue at once.
                const status =
                  c.status === 'running' && c.dueAt && Date.parse(c.dueAt) < now ? 'overdue' : c.status;
                return (
                  <Tag
                    color={clockStatusColour[status]}
                    style={{ whiteSpace: 'normal' }}
                    data-testid={`clock-status-${c.rule}`}
                  >
                    {t(clockStatusLabel[status])}
                  </Tag>
                );
              },
            },
            {
              title: t('Legal basis'),
              render: (_, c) => (
                <Tag color="blue" style={{ whiteSpace: 'normal' }}>
                  {c.citation[lang]}
                </Tag>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
