import { Alert, App, Card, Descriptions, Empty, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { useErrorText } from '../../error-text.js';
import { CursorPager, useServerPage } from '../../server-table.js';
import { proofHref } from '../ledger/proof.js';
import {
  beijing,
  beijingToday,
  ShortHash,
  useLang,
  Validity,
  type GateStats,
  type IdentityStatus,
  type SealPage,
  type ServiceList,
} from './shared.js';

/**
 * 概览: what the gate answered today per service, the daily seals (the
 * evidence of csl.real-name), and what the capability runs with: the code
 * sender, the identity-check provider (the simulator said so plainly), the
 * methods and their validity, uncertain ones marked.
 */
export function OverviewPanel({ onTab }: { onTab: (tab: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const lang = useLang();
  const [status, setStatus] = useState<IdentityStatus | null>(null);
  const [stats, setStats] = useState<GateStats | null>(null);
  const [services, setServices] = useState<ServiceList['services'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const seals = useServerPage<SealPage, 'seals'>('/api/identity/seals', 'seals', '', { onError });

  useEffect(() => {
    let live = true;
    const fail = (e: unknown) => live && setError(errorText(e));
    api<IdentityStatus>('GET', '/api/identity/status').then((s) => live && setStatus(s), fail);
    api<GateStats>('GET', '/api/identity/gate/stats').then((s) => live && setStats(s), fail);
    api<ServiceList>('GET', '/api/identity/services').then((s) => live && setServices(s.services), fail);
    return () => {
      live = false;
    };
  }, [errorText]);

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!status || !stats || !services) return null;
  const today = beijingToday();
  const todays = stats.days.filter((d) => d.day === today);
  const named = new Map(services.map((s) => [s.key, s.name]));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="identity-overview">
      {status.simulated && (
        <Alert
          type="warning"
          showIcon
          data-testid="identity-simulated"
          message={t('Simulated identity check: for tests and demonstrations only')}
          description={t(
            'The identity check answers from a local simulator, not from an authorised verification service. Configure a real provider before serving users.',
          )}
        />
      )}
      {services.length === 0 && (
        <Empty
          data-testid="identity-first-steps"
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <Space direction="vertical" style={{ maxWidth: 760, textAlign: 'left' }}>
              <Typography.Text strong>{t('What to do first')}</Typography.Text>
              <Typography.Text>
                {t(
                  'Configure a service first: its key (the one your platform sends), its name and the verification its users must hold. Until a service is configured the gate denies every user of it.',
                )}{' '}
                <Typography.Link onClick={() => onTab('services')} data-testid="goto-services">
                  {t('Go to the service configuration')}
                </Typography.Link>
              </Typography.Text>
              <Typography.Text>
                {t(
                  'Then register a test user on the registration bench, or have your platform call the API with a service account holding the scope "real-name gate".',
                )}{' '}
                <Typography.Link onClick={() => onTab('enrol')}>
                  {t('Go to the registration bench')}
                </Typography.Link>
              </Typography.Text>
            </Space>
          }
        />
      )}
      <Card size="small" title={t('Gate answers today (Beijing time)')} data-testid="gate-today">
        <Table
          size="small"
          rowKey="service"
          pagination={false}
          dataSource={todays}
          locale={{ emptyText: t('No gate check today.') }}
          onRow={(d) => ({ 'data-testid': `gate-today-${d.service}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('Service'),
              render: (_, d) => (
                <Space size={4}>
                  <span>{named.get(d.service) ?? d.service}</span>
                  <Typography.Text type="secondary">{d.service}</Typography.Text>
                </Space>
              ),
            },
            {
              title: t('Allowed'),
              width: 120,
              render: (_, d) => <span data-testid="today-allowed">{d.allowed.toLocaleString()}</span>,
            },
            {
              title: t('Denied'),
              width: 120,
              render: (_, d) => <span data-testid="today-denied">{d.denied.toLocaleString()}</span>,
            },
          ]}
        />
        <Typography.Text type="secondary">
          {t(
            'Counted in memory since {{since}} (Beijing time); checks in all: {{n}}. Checks are counted, not written one by one, and each day is sealed as evidence.',
            { since: beijing(stats.since), n: stats.calls.toLocaleString() },
          )}
        </Typography.Text>
      </Card>
      <Card size="small" title={t('Daily seals (evidence of real-name verification)')}>
        <Table
          size="small"
          tableLayout="fixed"
          rowKey={(s) => `${s.day}/${s.service}`}
          loading={seals.loading}
          pagination={false}
          dataSource={seals.items}
          data-testid="seals-table"
          locale={{
            emptyText: t('No day is sealed yet: the first seal is written after the first Beijing day ends.'),
          }}
          columns={[
            { title: t('Day'), width: 110, render: (_, s) => s.day },
            { title: t('Service'), render: (_, s) => named.get(s.service) ?? s.service },
            { title: t('Allowed'), width: 90, render: (_, s) => s.allowed.toLocaleString() },
            { title: t('Denied'), width: 90, render: (_, s) => s.denied.toLocaleString() },
            { title: t('Verifications'), width: 110, render: (_, s) => s.verifications.toLocaleString() },
            { title: t('Merkle root'), width: 200, render: (_, s) => <ShortHash value={s.merkleRoot} /> },
            {
              title: t('Evidence'),
              width: 150,
              render: (_, s) => (
                <a href={proofHref(s.evidenceId)} download data-testid="seal-proof">
                  {t('Download the proof')}
                </a>
              ),
            },
          ]}
        />
        <CursorPager
          page={seals.page}
          hasNext={seals.hasNext}
          loading={seals.loading}
          onPrev={seals.goPrev}
          onNext={seals.goNext}
          pageSize={seals.pageSize}
          onPageSize={seals.setPageSize}
        />
      </Card>
      <Card size="small" title={t('What verification runs with')} data-testid="identity-status">
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('SMS code sender')}>
            <span data-testid="code-sender">{status.codeSender}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('Identity-check provider')}>
            <span data-testid="check-provider">{status.checkProvider}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('Window to open an approved reveal')}>
            <Validity validity={status.revealWindow} />
          </Descriptions.Item>
          <Descriptions.Item label={t('Administrative division codes')}>
            {t('{{n}} codes, as of {{asOf}}; source: {{source}}', {
              n: status.areaCodes.count.toLocaleString(),
              asOf: status.areaCodes.asOf,
              source: status.areaCodes.source[lang],
            })}
          </Descriptions.Item>
        </Descriptions>
        <Table
          style={{ marginTop: 12 }}
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={status.methods}
          data-testid="identity-methods"
          columns={[
            { title: t('Verification method'), width: 200, render: (_, m) => m.name[lang] },
            { title: t('What it proves'), render: (_, m) => m.summary[lang] },
            {
              title: t('Default validity'),
              width: 300,
              render: (_, m) => <Validity validity={m.validity} />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
