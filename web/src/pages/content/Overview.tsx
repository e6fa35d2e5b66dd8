import { Alert, Card, Col, Empty, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { Citations } from '../../cite.js';
import { useErrorText } from '../../error-text.js';
import { beijing, labelOf, UncertainTag, type ComplaintChannel, type ContentStatus } from './shared.js';

/** The catalogue's defaults by key (catalog/content.yaml), in the console's words. */
const defaultLabel: Record<string, string> = {
  disposal_retention_days: 'How long disposal records are kept',
  deletion_due: 'Deletion by the platform due after the stop',
  report_due: 'Report to the authority due after detection',
  complaint_handling_working_days: 'Complaint handling time',
  takedown_default_deadline: 'Deadline of a takedown demand that names none',
};

/** "PT1H" → "1 hour", "P1D" → "1 day", "185" days and the rest as the server wrote them. */
export function useDurationText(): (value: string) => string {
  const { t } = useTranslation();
  return (value) => {
    const h = /^PT(\d+)H$/.exec(value);
    if (h) return Number(h[1]) === 1 ? t('1 hour') : t('{{n}} hours', { n: Number(h[1]) });
    const d = /^P(\d+)D$/.exec(value);
    if (d) return Number(d[1]) === 1 ? t('1 day') : t('{{n}} days', { n: Number(d[1]) });
    const m = /^PT(\d+)M$/.exec(value);
    if (m) return t('{{n}} minutes', { n: Number(m[1]) });
    return value;
  };
}

/**
 * 概览: what waits (reviews, unreported disposals, deletions outstanding,
 * takedown demands and complaints open or overdue), the screening counters
 * since the server started and the defaults in force, the uncertain ones
 * marked with their citation.
 */
export function OverviewPanel({ onTab }: { onTab: (tab: string) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const duration = useDurationText();
  // A number of days by its key's unit; durations in ISO 8601.
  const valueText = (key: string, value: string) =>
    /^\d+$/.test(value) && key.endsWith('_working_days')
      ? t('{{n}} working days', { n: Number(value) })
      : /^\d+$/.test(value) && key.endsWith('_days')
        ? Number(value) === 1
          ? t('1 day')
          : t('{{n}} days', { n: Number(value) })
        : duration(value);
  const [status, setStatus] = useState<ContentStatus | null>(null);
  const [channel, setChannel] = useState<ComplaintChannel | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api<ContentStatus>('GET', '/api/content/status').then(
      (s) => live && setStatus(s),
      (e: unknown) => live && setError(errorText(e)),
    );
    api<ComplaintChannel>('GET', '/api/public/content/channel').then(
      (c) => live && setChannel(c),
      (e: unknown) => console.warn(e),
    );
    return () => {
      live = false;
    };
  }, [errorText]);

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!status) return null;
  const s = status;
  const noRules = s.screening.version === 0;
  const noChannel = channel !== null && channel.publishedAt === null;
  const link = (tab: string, text: string) => (
    <Typography.Link onClick={() => onTab(tab)} data-testid={`goto-${tab}`}>
      {text}
    </Typography.Link>
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="content-overview">
      {(noRules || noChannel) && (
        <Empty
          data-testid="content-first-steps"
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <Space direction="vertical" style={{ maxWidth: 760, textAlign: 'left' }}>
              <Typography.Text strong>{t('What to do first')}</Typography.Text>
              {noRules && (
                <Typography.Text>
                  {t(
                    'Publish a rule set: your own word list (one word a line, as 词库 come) or a JSON or YAML file with categories. Until then screening lets everything through.',
                  )}{' '}
                  {link('rules', t('Go to the rule sets'))}
                </Typography.Text>
              )}
              {noChannel && (
                <Typography.Text>
                  {t(
                    'Publish the complaint and reporting channel: a phone number, an e-mail address or a postal address. The public page shows them beside its form, as Art 51 asks.',
                  )}{' '}
                  {link('complaints', t('Go to the complaints'))}
                </Typography.Text>
              )}
              <Typography.Text>
                {t(
                  'Then give your platform a token with the scope "content: screening" (Settings → API tokens) and have it call /api/content/screen when a user publishes or sends.',
                )}{' '}
                <Link to="/settings">{t('Settings → API tokens')}</Link>
              </Typography.Text>
            </Space>
          }
        />
      )}
      {!s.deletionWebhook && (
        <Alert
          type="info"
          showIcon
          data-testid="no-deletion-webhook"
          message={t(
            'No deletion webhook is set (WANGAN_CONTENT_DELETE_WEBHOOK): the platform is not asked to delete what is disposed of, and moderators confirm each deletion by hand on the disposal records.',
          )}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small" hoverable onClick={() => onTab('reviews')}>
            <Statistic
              title={t('Held for review')}
              value={s.reviewsPending}
              valueStyle={s.reviewsPending ? { color: '#d48806' } : undefined}
              data-testid="stat-reviews"
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" hoverable onClick={() => onTab('disposals')}>
            <Statistic
              title={t('Disposals not yet reported')}
              value={s.disposals.unreported}
              suffix={`/ ${s.disposals.total}`}
              data-testid="stat-unreported"
            />
            <Typography.Text type={s.disposals.deletionOutstanding ? 'danger' : 'secondary'}>
              {t('{{n}} deletions outstanding', {
                n: s.disposals.deletionOutstanding,
                count: s.disposals.deletionOutstanding,
              })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" hoverable onClick={() => onTab('takedowns')}>
            <Statistic
              title={t('Takedown demands open')}
              value={s.takedownsOpen}
              data-testid="stat-takedowns"
            />
            <Typography.Text
              type={s.takedownsOverdue ? 'danger' : 'secondary'}
              data-testid="takedowns-overdue"
            >
              {t('{{n}} overdue', { n: s.takedownsOverdue })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" hoverable onClick={() => onTab('complaints')}>
            <Statistic
              title={t('Complaints and reports open')}
              value={s.complaintsOpen}
              data-testid="stat-complaints"
            />
            <Typography.Text
              type={s.complaintsOverdue ? 'danger' : 'secondary'}
              data-testid="complaints-overdue"
            >
              {t('{{n}} overdue', { n: s.complaintsOverdue })}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('Screening since the server started')} data-testid="screening-stats">
        <Space size="large" wrap>
          <Statistic
            title={t('Active rule set')}
            value={s.screening.version === 0 ? '—' : t('version {{v}}', { v: s.screening.version })}
          />
          <Statistic title={t('Calls')} value={s.screening.calls} />
          <Statistic title={t('Items screened')} value={s.screening.items} />
          <Statistic title={t('Allowed')} value={s.screening.allow} />
          <Statistic title={t('Held for review')} value={s.screening.review} />
          <Statistic title={t('Blocked')} value={s.screening.block} />
        </Space>
        <div>
          <Typography.Text type="secondary">
            {t('Counted since {{since}} (Beijing time); calls are counted, not written one by one.', {
              since: beijing(s.screening.since),
            })}
          </Typography.Text>
        </div>
      </Card>
      <Card size="small" title={t('Defaults in force')}>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={s.defaults}
          data-testid="content-defaults"
          columns={[
            {
              title: t('Setting'),
              render: (_, d) => labelOf(t, defaultLabel, d.key),
            },
            {
              title: t('Value'),
              width: 220,
              render: (_, d) => (
                <Space size={4} wrap>
                  <span data-testid="default-value">{valueText(d.key, d.value)}</span>
                  {d.uncertain && <UncertainTag />}
                  {d.overridden && <Tag color="blue">{t('set by a setting')}</Tag>}
                </Space>
              ),
            },
            {
              title: t('Basis'),
              width: 320,
              render: (_, d) => <Citations value={d.citations} compact />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
