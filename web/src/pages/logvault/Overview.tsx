import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.js';
import { Citations, useLang } from '../../cite.js';
import { shanghaiDateTime } from '../../deadline-format.js';
import { useErrorText } from '../../error-text.js';
import { LoadMore, usePaged } from '../../paging.js';
import { useLogvaultRights, type VaultStatus, type VerifyRun, type VerifyRunPage } from './shared.js';

/** How often a running check is asked about (it re-hashes segments: seconds to minutes). */
const POLL_MS = 1000;

/**
 * 概览: the retention policy against the legal floor, day seals (an unsealed
 * day means the duty is overdue), whether the vault refuses events, the
 * listeners, expiry, and the integrity checks with "verify now". Every figure
 * is the server's; when it cannot say, the page says so.
 */
export function OverviewPanel() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [statusError, setStatusError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    api<VaultStatus>('GET', '/api/logvault/status').then(
      (s) => {
        if (!live) return;
        setStatus(s);
        setStatusError(null);
      },
      (e: unknown) => live && setStatusError(e),
    );
    return () => {
      live = false;
    };
  }, [tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="logvault-overview">
      {statusError !== null && (
        <Alert
          type="warning"
          showIcon
          data-testid="status-unavailable"
          message={t('The vault’s status is not available right now.')}
          description={
            statusError instanceof ApiError && statusError.status === 404
              ? t('This server does not report the vault’s status yet. Search and sources work meanwhile.')
              : errorText(statusError)
          }
        />
      )}
      {status && <StatusCards status={status} />}
      <VerifyCard lastVerify={status?.lastVerify ?? null} onFinished={reload} />
    </Space>
  );
}

function StatusCards({ status }: { status: VaultStatus }) {
  const { t } = useTranslation();
  const unsealed = status.unsealedDays;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {status.refusing && (
        <Alert
          type="error"
          showIcon
          data-testid="vault-refusing"
          message={t('New events are refused')}
          description={status.refusing}
        />
      )}
      <Card title={t('Retention')} size="small" data-testid="retention-card">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('Policy')}>
            <span data-testid="policy-days">
              {t('Logs are kept {{n}} days', { n: status.policyDays, count: status.policyDays })}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('Legal minimum')}>
            <Space wrap size={4}>
              <span data-testid="legal-floor">
                {t('{{months}} calendar months (up to {{days}} days)', {
                  months: status.minimumMonths,
                  days: status.longestSixMonthsDays,
                })}
              </span>
              <Citations value={status.citations} link />
            </Space>
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t(
            'The policy can be raised with the environment variable WANGAN_LOGVAULT_POLICY_DAYS; it can never be set below six calendar months. Logs leave only through the expiry job, once both the law and the policy have passed, and never while their source is under a legal hold.',
          )}
        </Typography.Paragraph>
      </Card>
      <Card title={t('Stored logs and day seals')} size="small" data-testid="seals-card">
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('Vault started on')}>{status.startedOn}</Descriptions.Item>
          <Descriptions.Item label={t('Oldest day kept')}>{status.oldestDay ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('Events stored')}>{status.events.toLocaleString()}</Descriptions.Item>
          <Descriptions.Item label={t('Segments')}>{status.segments.toLocaleString()}</Descriptions.Item>
          <Descriptions.Item label={t('Sealed days')}>
            <span data-testid="sealed-days">{status.sealedDays.toLocaleString()}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('Last sealed day')}>{status.lastSealed ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('Expired')}>
            {status.expired.segments === 0
              ? t('nothing expired yet')
              : t('{{n}} segments removed, the last of {{day}}', {
                  n: status.expired.segments,
                  count: status.expired.segments,
                  day: status.expired.lastDay ?? '—',
                })}
          </Descriptions.Item>
          <Descriptions.Item label={t('Free disk space')}>
            {status.freeBytes === null ? '—' : bytes(status.freeBytes)}
            {' · '}
            {t('events are refused below {{size}}', { size: bytes(status.minFreeBytes) })}
          </Descriptions.Item>
        </Descriptions>
        {unsealed.length > 0 ? (
          <Alert
            type="error"
            showIcon
            data-testid="unsealed-days"
            message={t('{{n}} days not sealed: the log duty is overdue', {
              n: unsealed.length,
              count: unsealed.length,
            })}
            description={
              <Space wrap size={4}>
                {unsealed.slice(0, 60).map((d) => (
                  <Tag color="red" key={d}>
                    {d}
                  </Tag>
                ))}
                {unsealed.length > 60 && <Typography.Text>…</Typography.Text>}
              </Space>
            }
          />
        ) : (
          <Typography.Text type="success" data-testid="all-sealed">
            {t('Every finished day of the retention window is sealed.')}
          </Typography.Text>
        )}
      </Card>
      <ListenersCard listeners={status.listeners} />
    </Space>
  );
}

const transportVariable: Record<'udp' | 'tcp' | 'tls', string> = {
  udp: 'WANGAN_LOGVAULT_UDP',
  tcp: 'WANGAN_LOGVAULT_TCP',
  tls: 'WANGAN_LOGVAULT_TLS',
};
const transportName: Record<'udp' | 'tcp' | 'tls', string> = {
  udp: 'UDP',
  tcp: 'TCP',
  tls: 'TLS',
};

function ListenersCard({ listeners }: { listeners: VaultStatus['listeners'] }) {
  const { t } = useTranslation();
  const all = (['udp', 'tcp', 'tls'] as const).map(
    (transport) =>
      listeners.find((l) => l.transport === transport) ?? {
        transport,
        address: null,
        received: 0,
        dropped: 0,
      },
  );
  return (
    <Card title={t('Syslog listeners')} size="small" data-testid="listeners-card">
      <Table
        rowKey="transport"
        size="small"
        pagination={false}
        dataSource={all}
        onRow={(r) => ({ 'data-testid': `listener-${r.transport}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('Transport'),
            width: 140,
            render: (_, r) => t('syslog over {{transport}}', { transport: transportName[r.transport] }),
          },
          {
            title: t('Listening on'),
            render: (_, r) =>
              r.address ? (
                <Space>
                  <Tag color="green">{t('on')}</Tag>
                  <Typography.Text code>{r.address}</Typography.Text>
                </Space>
              ) : (
                <Space wrap>
                  <Tag>{t('off')}</Tag>
                  <Typography.Text type="secondary">
                    {r.transport === 'tls'
                      ? t(
                          'to enable, set {{variable}} to a port (such as 6514) or host:port, and WANGAN_LOGVAULT_TLS_CERT and WANGAN_LOGVAULT_TLS_KEY to the certificate and key files, then restart',
                          { variable: transportVariable[r.transport] },
                        )
                      : t('to enable, set {{variable}} to a port (such as 514) or host:port, then restart', {
                          variable: transportVariable[r.transport],
                        })}
                  </Typography.Text>
                </Space>
              ),
          },
          { title: t('Received'), width: 110, render: (_, r) => r.received.toLocaleString() },
          {
            title: t('Dropped'),
            width: 110,
            render: (_, r) =>
              r.dropped > 0 ? (
                <Typography.Text type="danger">{r.dropped.toLocaleString()}</Typography.Text>
              ) : (
                '0'
              ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t(
          'Syslog cannot acknowledge an event: after a crash, what was still in transit may be lost. A shipper that must not lose an event posts to /api/logvault/events, which answers only once the events are on disk.',
        )}
      </Typography.Paragraph>
    </Card>
  );
}

function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

const runColour: Record<VerifyRun['state'], string> = { running: 'processing', ok: 'green', failed: 'red' };

export function RunState({ run }: { run: VerifyRun }) {
  const { t } = useTranslation();
  const label = { running: t('checking'), ok: t('intact'), failed: t('failed') }[run.state];
  return (
    <Tag color={runColour[run.state]} data-testid={`run-state-${run.state}`}>
      {label}
    </Tag>
  );
}

/**
 * The integrity checks: the last one, "verify now" (POST /api/logvault/verify
 * answers a running check; the page asks until it ends) and the checks before.
 */
function VerifyCard({ lastVerify, onFinished }: { lastVerify: VerifyRun | null; onFinished: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const rights = useLogvaultRights();
  const [runsMissing, setRunsMissing] = useState(false);
  const onError = useCallback(
    (e: Error) => {
      if (e instanceof ApiError && e.status === 404) setRunsMissing(true);
      else void message.error(errorText(e));
    },
    [message, errorText],
  );
  const runs = usePaged<VerifyRunPage, 'runs'>('/api/logvault/verify-runs', 'runs', { limit: 10, onError });
  const [running, setRunning] = useState<VerifyRun | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const poll = useCallback(
    (id: string) => {
      timer.current = window.setTimeout(() => {
        api<VerifyRunPage>('GET', '/api/logvault/verify-runs?limit=20').then(
          (page) => {
            const run = page.runs.find((r) => r.id === id);
            if (run && run.state !== 'running') {
              setRunning(null);
              runs.reload();
              onFinished();
              if (run.state === 'ok') void message.success(t('The check found every stored event intact.'));
              else void message.error(t('The check failed: see the first bad segment below.'));
            } else {
              if (run) setRunning(run);
              poll(id);
            }
          },
          (e: unknown) => {
            setRunning(null);
            void message.error(errorText(e));
          },
        );
      }, POLL_MS);
    },
    [runs, onFinished, message, errorText, t],
  );

  const start = async () => {
    try {
      const run = await api<VerifyRun>('POST', '/api/logvault/verify', {});
      setRunning(run);
      runs.reload();
      poll(run.id);
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const last = running ?? lastVerify ?? runs.items[0] ?? null;
  return (
    <Card
      title={
        <Space>
          <SafetyCertificateOutlined />
          {t('Integrity checks')}
        </Space>
      }
      size="small"
      data-testid="verify-card"
      extra={
        rights.verify && (
          <Button
            type="primary"
            onClick={() => void start()}
            loading={running !== null}
            data-testid="verify-now"
          >
            {t('Verify now')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {t(
          'A check re-hashes every stored segment and checks its signed checkpoints and the day seals recorded in the evidence ledger: a changed, removed or reordered event makes it fail, naming the segment.',
        )}
      </Typography.Paragraph>
      {last ? (
        <Descriptions column={1} size="small" data-testid="last-verify">
          <Descriptions.Item label={t('Last check')}>
            <Space wrap>
              <RunState run={last} />
              <span>{shanghaiDateTime(last.startedAt)}</span>
              <Typography.Text type="secondary">
                {t('{{segments}} segments, {{events}} events', {
                  segments: last.segments.toLocaleString(),
                  events: last.events.toLocaleString(),
                })}
              </Typography.Text>
            </Space>
          </Descriptions.Item>
          {last.state === 'failed' && (
            <Descriptions.Item label={t('First bad segment')}>
              <Space direction="vertical" size={0}>
                <Typography.Text code type="danger" data-testid="bad-segment">
                  {last.segment ?? '—'}
                </Typography.Text>
                {(last.messages?.[lang] ?? last.message) && (
                  <Typography.Text>{last.messages?.[lang] ?? last.message}</Typography.Text>
                )}
              </Space>
            </Descriptions.Item>
          )}
        </Descriptions>
      ) : (
        <Typography.Text type="secondary" data-testid="never-verified">
          {t('No check has run yet.')}
        </Typography.Text>
      )}
      {!runsMissing && runs.items.length > 0 && (
        <>
          <Table<VerifyRun>
            style={{ marginTop: 12 }}
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={runs.items}
            data-testid="verify-runs"
            columns={[
              {
                title: t('Started (Beijing time)'),
                width: 160,
                render: (_, r) => shanghaiDateTime(r.startedAt),
              },
              { title: t('Result'), width: 100, render: (_, r) => <RunState run={r} /> },
              {
                title: t('Days checked'),
                render: (_, r) =>
                  r.from || r.to
                    ? t('from {{from}} to before {{to}}', { from: r.from ?? '…', to: r.to ?? '…' })
                    : t('all stored days'),
              },
              { title: t('Segments'), width: 90, render: (_, r) => r.segments.toLocaleString() },
              { title: t('Events'), width: 110, render: (_, r) => r.events.toLocaleString() },
              { title: t('First bad segment'), render: (_, r) => r.segment ?? '—' },
              { title: t('By'), width: 120, dataIndex: 'by' },
            ]}
          />
          <LoadMore
            next={runs.next}
            loading={runs.loading}
            onClick={runs.loadMore}
            testId="verify-runs-more"
          />
        </>
      )}
    </Card>
  );
}
