import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Input,
  Popover,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  CheckpointPage,
  CheckpointView,
  LedgerRecordPage,
  LedgerRecordView,
  VerificationView,
} from '../../../../contract/ledger.js';
import type { CatalogueView } from '../../../../contract/obligations.js';
import type { LedgerStatusView, OverviewView } from '../../../../contract/workspace.js';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { shanghaiDateTime } from '../../deadline-format.js';
import { useErrorText } from '../../error-text.js';
import { LoadMore, usePaged } from '../../paging.js';
import { LedgerHealthBadge } from './LedgerHealth.js';
import { proofHref } from './proof.js';

type Filters = { q: string; duty?: string; kind: string; from?: string; to?: string };
const noFilters: Filters = { q: '', kind: '' };

function recordsPath(f: Filters): string {
  const q = new URLSearchParams();
  if (f.q.trim()) q.set('q', f.q.trim());
  if (f.duty) q.set('duty', f.duty);
  if (f.kind.trim()) q.set('kind', f.kind.trim());
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  const s = q.toString();
  return s ? `/api/ledger/records?${s}` : '/api/ledger/records';
}

/** The evidence ledger: its health, every record (searched, filtered, each with its proof), the checkpoints. */
export function LedgerPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { can } = useAuth();
  const [status, setStatus] = useState<LedgerStatusView | null>(null);
  const [duties, setDuties] = useState<{ id: string; title: string }[]>([]);
  const [draft, setDraft] = useState<Filters>(noFilters);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [verifying, setVerifying] = useState(false);
  const [verified, setVerified] = useState<VerificationView | null>(null);
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const records = usePaged<LedgerRecordPage, 'records'>(recordsPath(filters), 'records', { onError });
  const checkpoints = usePaged<CheckpointPage, 'checkpoints'>('/api/ledger/checkpoints', 'checkpoints', {
    onError,
  });

  const loadStatus = useCallback(() => {
    api<LedgerStatusView>('GET', '/api/ledger/status').then(setStatus, onError);
  }, [onError]);
  useEffect(loadStatus, [loadStatus]);
  useEffect(() => {
    api<OverviewView>('GET', '/api/workspace').then(
      (o) => setDuties(o.items.map((i) => ({ id: i.id, title: i.title[lang] }))),
      () => undefined,
    );
  }, [lang]);

  const titleOf = useMemo(() => new Map(duties.map((d) => [d.id, d.title])), [duties]);
  // Evidence kinds by their catalogue label, not their code.
  const [kindLabels, setKindLabels] = useState<CatalogueView['evidenceKinds']>({});
  useEffect(() => {
    api<CatalogueView>('GET', '/api/obligations/catalog').then(
      (c) => setKindLabels(c.evidenceKinds),
      () => undefined,
    );
  }, []);
  const kindLabel = (k: string) => kindLabels[k]?.[lang] ?? k;
  const kinds = useMemo(
    () =>
      [...new Set(records.items.map((r) => r.kind))]
        .sort()
        .map((k) => ({ value: k, label: kindLabels[k]?.[lang] ?? k })),
    [records.items, kindLabels, lang],
  );

  const verifyNow = async () => {
    setVerifying(true);
    try {
      const v = await api<VerificationView>('POST', '/api/ledger/verify', {});
      setVerified(v);
      if (v.ok) void message.success(t('Self-check passed: {{detail}}', { detail: v.messages[lang] }));
      else void message.error(t('Self-check FAILED: {{detail}}', { detail: v.messages[lang] }));
      loadStatus();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setVerifying(false);
    }
  };

  const search = () => setFilters({ ...draft });
  const reset = () => {
    setDraft(noFilters);
    setFilters(noFilters);
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('Evidence ledger')}
        </Typography.Title>
        <Space wrap>
          {status && <LedgerHealthBadge status={status} />}
          {can('ledger.verify') && (
            <Button
              icon={<SafetyCertificateOutlined />}
              loading={verifying}
              onClick={() => void verifyNow()}
              data-testid="verify-now"
            >
              {t('Verify now')}
            </Button>
          )}
        </Space>
      </Space>
      {verified && (
        <Alert
          type={verified.ok ? 'success' : 'error'}
          showIcon
          closable
          onClose={() => setVerified(null)}
          data-testid="verify-result"
          message={
            verified.ok
              ? t('Self-check passed {{at}}, over {{n}} records', {
                  at: shanghaiDateTime(verified.at),
                  n: verified.records.toLocaleString('en-US'),
                  count: verified.records,
                })
              : t('Self-check FAILED {{at}}, at {{n}} records', {
                  at: shanghaiDateTime(verified.at),
                  n: verified.records.toLocaleString('en-US'),
                  count: verified.records,
                })
          }
          description={verified.messages[lang]}
        />
      )}
      {status && (
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('Records in the tree')} value={status.size} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('Waiting to be sequenced')} value={status.pending} />
            </Card>
          </Col>
          <Col xs={24} md={12}>
            <Card size="small">
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('Last checkpoint')}>
                  {status.lastCheckpoint
                    ? t('{{n}} records, signed {{at}}', {
                        n: status.lastCheckpoint.size.toLocaleString('en-US'),
                        count: status.lastCheckpoint.size,
                        at: shanghaiDateTime(status.lastCheckpoint.at),
                      })
                    : t('no checkpoint yet')}
                </Descriptions.Item>
                <Descriptions.Item label={t('Verifier key')}>
                  <Typography.Text
                    code
                    copyable
                    ellipsis
                    style={{ maxWidth: 360 }}
                    data-testid="verifier-key"
                  >
                    {status.verifierKey}
                  </Typography.Text>
                </Descriptions.Item>
              </Descriptions>
            </Card>
          </Col>
        </Row>
      )}
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'records',
              label: t('Records'),
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Space wrap>
                    <Input
                      allowClear
                      prefix={<SearchOutlined />}
                      placeholder={t('Search: duty, summary, kind, who recorded it')}
                      style={{ width: 280 }}
                      value={draft.q}
                      onChange={(e) => setDraft({ ...draft, q: e.target.value })}
                      onPressEnter={search}
                      data-testid="records-search"
                    />
                    <Select
                      allowClear
                      showSearch
                      optionFilterProp="label"
                      placeholder={t('Any duty')}
                      style={{ width: 220 }}
                      value={draft.duty}
                      onChange={(duty?: string) => setDraft({ ...draft, duty })}
                      options={duties.map((d) => ({ value: d.id, label: d.title }))}
                      data-testid="records-duty"
                    />
                    <AutoComplete
                      allowClear
                      placeholder={t('Any kind')}
                      style={{ width: 150 }}
                      value={draft.kind}
                      options={kinds}
                      onChange={(kind?: string) => setDraft({ ...draft, kind: kind ?? '' })}
                    />
                    <DatePicker.RangePicker
                      allowEmpty={[true, true]}
                      placeholder={[t('Work from'), t('Work to')]}
                      style={{ width: 250 }}
                      onChange={(_, [from, to]) =>
                        setDraft({ ...draft, from: from || undefined, to: to || undefined })
                      }
                    />
                    <Button type="primary" onClick={search} data-testid="records-apply">
                      {t('Search')}
                    </Button>
                    <Button onClick={reset}>{t('Reset')}</Button>
                  </Space>
                  <Table<LedgerRecordView>
                    rowKey="id"
                    size="small"
                    tableLayout="fixed"
                    pagination={false}
                    loading={records.loading}
                    dataSource={records.items}
                    data-testid="ledger-records"
                    columns={[
                      { title: t('Leaf'), dataIndex: 'index', width: 72 },
                      {
                        title: t('Work done'),
                        dataIndex: 'occurredAt',
                        width: 148,
                        render: (at: string, r) => (
                          <Tooltip title={`${t('Recorded')} ${shanghaiDateTime(r.recordedAt)}`}>
                            {shanghaiDateTime(at)}
                          </Tooltip>
                        ),
                      },
                      {
                        title: t('Kind'),
                        dataIndex: 'kind',
                        width: 130,
                        ellipsis: true,
                        render: (k: string) => (
                          <Tooltip title={k}>
                            <Tag>{kindLabel(k)}</Tag>
                          </Tooltip>
                        ),
                      },
                      {
                        title: t('Duties'),
                        dataIndex: 'obligations',
                        width: 200,
                        ellipsis: { showTitle: false },
                        render: (ids: string[]) => (
                          <Tooltip title={ids.map((id) => titleOf.get(id) ?? id).join('; ')}>
                            {ids.map((id) => titleOf.get(id) ?? id).join('; ')}
                          </Tooltip>
                        ),
                      },
                      { title: t('Summary'), dataIndex: 'summary', ellipsis: true },
                      {
                        title: t('Recorded by'),
                        dataIndex: 'actor',
                        width: 120,
                        ellipsis: true,
                        render: (a: string, r) => (r.reviewer ? `${a} / ${r.reviewer}` : a),
                      },
                      {
                        title: t('Proof'),
                        width: 84,
                        render: (_: unknown, r) => (
                          <a href={proofHref(r.id)} download data-testid={`proof-${r.index}`}>
                            <DownloadOutlined /> {t('Proof')}
                          </a>
                        ),
                      },
                    ]}
                  />
                  <LoadMore next={records.next} loading={records.loading} onClick={records.loadMore} />
                </Space>
              ),
            },
            {
              key: 'checkpoints',
              label: t('Checkpoints'),
              children: (
                <>
                  <Table<CheckpointView>
                    rowKey="size"
                    size="small"
                    tableLayout="fixed"
                    pagination={false}
                    dataSource={checkpoints.items}
                    data-testid="ledger-checkpoints"
                    columns={[
                      { title: t('Tree size'), dataIndex: 'size', width: 110 },
                      {
                        title: t('Signed at'),
                        dataIndex: 'at',
                        width: 160,
                        render: (at: string) => shanghaiDateTime(at),
                      },
                      {
                        title: t('Root hash'),
                        dataIndex: 'root',
                        ellipsis: true,
                        render: (root: string) => <Typography.Text code>{root}</Typography.Text>,
                      },
                      {
                        title: t('Signed note'),
                        width: 130,
                        render: (_: unknown, c) => (
                          <Popover
                            trigger="click"
                            title={t('Signed note (C2SP checkpoint)')}
                            content={
                              <Typography.Paragraph copyable={{ text: c.note }} style={{ margin: 0 }}>
                                <pre style={{ margin: 0, fontSize: 12 }}>{c.note}</pre>
                              </Typography.Paragraph>
                            }
                          >
                            <Button size="small" type="link">
                              {t('Show note')}
                            </Button>
                          </Popover>
                        ),
                      },
                    ]}
                  />
                  <LoadMore
                    next={checkpoints.next}
                    loading={checkpoints.loading}
                    onClick={checkpoints.loadMore}
                  />
                </>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
