import { SearchOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { isDraftInstrument } from '../../../contract/citation.js';
import type { ObligationStatus } from '../../../contract/status.js';
import type {
  DutyPage,
  DutySort,
  OverviewView,
  SubmissionOut,
  SubmissionPage,
  WorkspaceItemView,
} from '../../../contract/workspace.js';
import type { MlpsOverview } from '../../../contract/governance.js';
import type { RegisterList } from '../../../contract/registers.js';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { LoadMore, usePaged } from '../paging.js';
import { RowActions } from '../row-actions.js';
import { CursorPager, queryString, useServerPage } from '../server-table.js';
import { formatDue, shanghaiDate, shanghaiDateTime } from '../deadline-format.js';
import { chapterName, Citations, DutyName, useLang } from '../cite.js';
import { ExportButtons } from '../export-period.js';
import { versionName } from './Law.js';
import { DutyDrawer, ReviewModal } from './DutyDrawer.js';
import { LedgerHealthBadge } from './ledger/LedgerHealth.js';
import { deadlineColour, type Deadline } from './Registers.js';
import { useErrorOnField, useErrorText } from '../error-text.js';
import { validValues } from '../form-values.js';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Status = ObligationStatus;
type Item = WorkspaceItemView;
type Overview = OverviewView;
type Submission = SubmissionOut;

const statusColour: Record<Status, string> = {
  met: 'green',
  due_soon: 'gold',
  overdue: 'red',
  missing: 'volcano',
  not_applicable: 'default',
};
/** The duties search form (GET /api/workspace/duties). */
type DutyFilterValues = {
  q?: string;
  status?: Status;
  owner?: string;
  chapter?: string;
  statute?: string;
  sort?: DutySort;
};
const dutySortOptions: DutySort[] = [
  'law',
  'severity_desc',
  'severity_asc',
  'due_asc',
  'due_desc',
  'title_asc',
  'title_desc',
  'id_asc',
  'id_desc',
];
const dutySortLabels: Record<DutySort, string> = {
  law: 'In the order of the law',
  severity_desc: 'Most urgent first',
  severity_asc: 'Least urgent first',
  due_asc: 'Soonest deadline first',
  due_desc: 'Latest deadline first',
  title_asc: 'Title, A to Z',
  title_desc: 'Title, Z to A',
  id_asc: 'Id, A to Z',
  id_desc: 'Id, Z to A',
};
const statuses: Status[] = ['overdue', 'missing', 'due_soon', 'met', 'not_applicable'];
const chartColour: Record<Status, string> = {
  met: '#52c41a',
  due_soon: '#faad14',
  overdue: '#f5222d',
  missing: '#fa541c',
  not_applicable: '#bfbfbf',
};

/** A tag that keeps to its column (fixed widths: the table never scrolls sideways). */
const fitTag = {
  maxWidth: '100%',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  marginInlineEnd: 0,
} as const;

function ComplianceChart({ overview }: { overview: Overview }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 8, top: 8, bottom: 40, containLabel: true },
      xAxis: {
        type: 'category',
        data: overview.byChapter.map((c) => chapterName(c.chapter, lang)),
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: statuses.map((s) => ({
        name: t(`status.${s}`),
        type: 'bar',
        stack: 'all',
        color: chartColour[s],
        data: overview.byChapter.map((c) => c.counts[s]),
      })),
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [overview, t]);
  return <div ref={ref} style={{ height: 280 }} data-testid="compliance-chart" />;
}

export function WorkspacePage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const { me, can } = useAuth();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const [overview, setOverview] = useState<Overview | null>(null);
  const [dutyForm] = Form.useForm<DutyFilterValues>();
  const [dutyFilter, setDutyFilter] = useState<DutyFilterValues>({ sort: 'law' });
  const [uploadFor, setUploadFor] = useState<Item | null>(null);
  const [naFor, setNaFor] = useState<Item | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [form] = Form.useForm<{ summary: string }>();
  const [naForm] = Form.useForm<{ justification: string }>();
  const [params, setParams] = useSearchParams();
  const onlyDuty = params.get('duty');
  // The open drawer is in the address (?open=<duty>), so a link can open a duty and Back closes it.
  const drawerFor = params.get('open');
  const openDuty = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('open', id);
    else next.delete('open');
    setParams(next);
  };
  const [reviewing, setReviewing] = useState<Submission | null>(null);
  const [registersFor, setRegistersFor] = useState<Map<string, { to: string; title: string }[]>>(new Map());
  const canReview = can('workspace.review');
  const canDecide = can('workspace.applicability');
  const canSubmit = can('workspace.submit');
  const pending = usePaged<SubmissionPage, 'submissions'>(
    '/api/workspace/submissions?status=pending',
    'submissions',
  );
  const reloadPending = pending.reload;
  // The duties table pages, searches and sorts on the server (GET /api/workspace/duties).
  const dutyQuery = queryString({
    q: onlyDuty ?? dutyFilter.q?.trim(),
    status: dutyFilter.status,
    owner: dutyFilter.owner,
    chapter: dutyFilter.chapter,
    statute: dutyFilter.statute,
    sort: dutyFilter.sort,
    // Titles sort in the console's language: a change of language starts again at the first page.
    lang: dutyFilter.sort?.startsWith('title_') ? lang : undefined,
  });
  const onDutyError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const duties = useServerPage<DutyPage, 'duties'>('/api/workspace/duties', 'duties', dutyQuery, {
    pageSize: 20,
    onError: onDutyError,
  });
  const reloadDuties = duties.reload;
  const filterStatus = (s: Status | undefined) => {
    dutyForm.setFieldValue('status', s);
    setDutyFilter((f) => ({ ...f, status: s }));
  };

  const load = useCallback(() => {
    api<Overview>('GET', '/api/workspace').then(setOverview, (e: Error) => void message.error(errorText(e)));
    reloadPending();
    reloadDuties();
  }, [message, reloadPending, reloadDuties, errorText]);
  useEffect(load, [load]);

  // Which register proves each duty, for links from the duty to its records.
  useEffect(() => {
    void Promise.all([
      api<RegisterList>('GET', '/api/registers'),
      api<MlpsOverview>('GET', '/api/governance/mlps'),
    ]).then(
      ([r, m]) => {
        const map = new Map<string, { to: string; title: string }[]>();
        const add = (id: string, to: string, title: string) =>
          map.set(id, [...(map.get(id) ?? []), { to, title }]);
        for (const id of m.duties) add(id, '/governance?register=mlps', t('Classified protection (MLPS)'));
        for (const reg of r.registers.filter((x) => x.visible)) {
          const served = [
            ...reg.spec.obligations,
            ...Object.values(reg.spec.obligations_by ?? {}).flatMap((byValue) =>
              Object.values(byValue).flat(),
            ),
          ];
          for (const id of new Set(served))
            add(id, `/${reg.spec.group}?register=${reg.spec.id}`, reg.spec.title[lang]);
        }
        setRegistersFor(map);
      },
      () => undefined,
    );
  }, [t, lang]);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    try {
      const body: Record<string, unknown> = { summary: v.summary };
      if (file) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        let bin = '';
        for (let i = 0; i < bytes.length; i += 0x8000)
          bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        body.file = { name: file.name, base64: btoa(bin) };
      }
      await api('POST', `/api/workspace/${uploadFor!.id}/submissions`, body);
      void message.success(t('Submitted for review'));
      setUploadFor(null);
      setFile(null);
      form.resetFields();
      load();
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    }
  };

  const decideNa = async () => {
    const v = await validValues(naForm);
    if (!v) return;
    try {
      await api('POST', `/api/workspace/${naFor!.id}/applicability`, {
        applicable: false,
        justification: v.justification,
      });
      setNaFor(null);
      naForm.resetFields();
      load();
    } catch (e) {
      if (!errorOnField(naForm, e)) void message.error(errorText(e));
    }
  };

  if (!overview) return null;
  const counts = statuses.map((s) => [s, overview.items.filter((i) => i.status === s).length] as const);
  const titleOf = (id: string) => overview.items.find((i) => i.id === id)?.title[lang] ?? id;
  const upcoming = overview.items
    .filter((i) => i.nextDue && (i.status === 'due_soon' || i.status === 'overdue'))
    .sort((a, b) => a.nextDue!.localeCompare(b.nextDue!));
  const openItems = overview.deadlines.filter((d) => d.status !== 'on_track');
  const owners = [...new Set(overview.items.flatMap((i) => (i.owner ? [i.owner] : [])))].sort();
  const statutes = [
    ...new Set(
      overview.items.flatMap((i) =>
        Object.entries(i.citations)
          .filter(([v, refs]) => refs?.length && !isDraftInstrument(v))
          .map(([v]) => v),
      ),
    ),
  ].sort();
  const sourceLink = (d: Deadline) =>
    d.source === 'mlps'
      ? '/governance?register=mlps'
      : `/${d.source.startsWith('cii-') ? 'cii' : 'governance'}?register=${d.source}`;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('Compliance workspace')}
        </Typography.Title>
        <Space>
          <ExportButtons />
        </Space>
      </Space>
      <Row gutter={[16, 16]}>
        {counts.map(([s, n]) => (
          <Col key={s} xs={12} md={4}>
            <Card
              size="small"
              hoverable
              onClick={() => filterStatus(dutyFilter.status === s ? undefined : s)}
              data-testid={`count-${s}`}
            >
              <Statistic title={<Tag color={statusColour[s]}>{t(`status.${s}`)}</Tag>} value={n} />
            </Card>
          </Col>
        ))}
        <Col xs={24} md={4}>
          <Card size="small">
            <Statistic
              title={t('Ledger records')}
              value={overview.ledger.size}
              suffix={overview.ledger.pending ? `+${overview.ledger.pending}` : ''}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {overview.ledger.lastCheckpoint
                ? t('checkpoint {{at}}', { at: shanghaiDateTime(overview.ledger.lastCheckpoint.at) })
                : t('no checkpoint yet')}
            </Typography.Text>
            <br />
            <Link to="/ledger" style={{ display: 'inline-block', maxWidth: '100%' }}>
              <LedgerHealthBadge status={overview.ledger} />
            </Link>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('Compliance by chapter of the law')} size="small">
            <ComplianceChart overview={overview} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('Penalty exposure of open gaps')} size="small">
            {overview.exposure.length === 0 ? (
              <Typography.Text type="success">{t('No open gaps.')}</Typography.Text>
            ) : (
              overview.exposure.map((e) => (
                <p key={e.version}>
                  <b>{versionName(e.version)}</b>:{' '}
                  {t('{{n}} open gaps; highest fixed fine ¥{{max}}', {
                    n: e.openGaps,
                    count: e.openGaps,
                    max: e.maxEntity.toLocaleString('en-US'),
                  })}
                </p>
              ))
            )}
          </Card>
          <Card title={t('Overdue and upcoming deadlines')} size="small" style={{ marginTop: 16 }}>
            {upcoming.length === 0 && openItems.length === 0 && (
              <Typography.Text type="secondary">
                {t('Nothing due within {{n}} days.', {
                  n: overview.dueSoonDays,
                  count: overview.dueSoonDays,
                })}
              </Typography.Text>
            )}
            {upcoming.slice(0, 8).map((i) => (
              <p key={i.id}>
                <Tag color={statusColour[i.status]}>{shanghaiDate(i.nextDue!)}</Tag> {i.title[lang]}
              </p>
            ))}
            {openItems.slice(0, 12).map((d) => (
              <p key={`${d.source}-${d.entryId}-${d.label.en}`} data-testid="dashboard-deadline">
                <Tag
                  color={deadlineColour[d.status]}
                  title={d.basis === 'hours' ? t('Beijing time (Asia/Shanghai)') : undefined}
                  data-testid="deadline-due"
                >
                  {formatDue(d) ?? t(`deadline.${d.status}`)}
                </Tag>
                {d.estimate && (
                  <Tooltip title={d.estimate[lang]}>
                    <Tag color="orange" data-testid="deadline-estimate">
                      {t('estimate')}
                    </Tag>
                  </Tooltip>
                )}{' '}
                <Link to={sourceLink(d)}>
                  {d.label[lang]}: {d.subject}
                </Link>
                {d.duties?.map((x) => (
                  <Typography.Text key={x.id} type="secondary">
                    {' · '}
                    <DutyName id={x.id} title={x.title} />
                  </Typography.Text>
                ))}
                {d.party === 'authority' && <Tag style={{ marginLeft: 8 }}>{t('the authority acts')}</Tag>}
              </p>
            ))}
          </Card>
        </Col>
      </Row>
      {pending.items.length > 0 && (
        <Card
          title={t('Evidence awaiting review ({{n}})', {
            n: `${pending.items.length}${pending.next ? '+' : ''}`,
          })}
          size="small"
        >
          <Table
            rowKey="id"
            size="small"
            tableLayout="fixed"
            pagination={false}
            dataSource={pending.items}
            columns={[
              {
                title: t('Duty'),
                dataIndex: 'obligationId',
                width: 220,
                ellipsis: true,
                render: (id: string) => <a onClick={() => openDuty(id)}>{titleOf(id)}</a>,
              },
              { title: t('Summary'), dataIndex: 'summary', ellipsis: true },
              {
                title: t('File'),
                dataIndex: 'fileName',
                width: 140,
                ellipsis: true,
                render: (n: string | null, s: Submission) =>
                  n && s.fileSha256 ? <a href={`/api/files/${s.fileSha256}`}>{n}</a> : '—',
              },
              { title: t('Submitted by'), dataIndex: 'submittedBy', width: 120, ellipsis: true },
              {
                title: t('Submitted at'),
                dataIndex: 'submittedAt',
                width: 140,
                render: (at: string) => shanghaiDateTime(at),
              },
              {
                title: '',
                width: 120,
                render: (_: unknown, s: Submission) =>
                  canReview && s.submittedBy !== me?.user.username ? (
                    <Button size="small" type="primary" onClick={() => setReviewing(s)}>
                      {t('Review')}
                    </Button>
                  ) : (
                    <Typography.Text type="secondary" ellipsis>
                      {t('awaiting another reviewer')}
                    </Typography.Text>
                  ),
              },
            ]}
          />
          <LoadMore next={pending.next} loading={pending.loading} onClick={pending.loadMore} />
        </Card>
      )}
      <Card
        title={t('Duties')}
        size="small"
        extra={
          <Space>
            {onlyDuty && (
              <Tag closable onClose={() => setParams({}, { replace: true })} data-testid="duty-filter">
                {onlyDuty}
              </Tag>
            )}
            {duties.answer && (
              <Typography.Text type="secondary" data-testid="duty-total">
                {t('{{n}} duties', { n: duties.answer.total, count: duties.answer.total })}
              </Typography.Text>
            )}
          </Space>
        }
      >
        <Form
          form={dutyForm}
          layout="inline"
          initialValues={{ sort: 'law' }}
          onFinish={(v) => setDutyFilter(v)}
          style={{ marginBottom: 12, rowGap: 8 }}
          data-testid="duty-search"
        >
          <Form.Item name="q">
            <Input
              allowClear
              placeholder={t('Search: title or id')}
              style={{ width: 200 }}
              data-testid="duty-q"
            />
          </Form.Item>
          <Form.Item name="status">
            <Select
              allowClear
              placeholder={t('Any status')}
              style={{ width: 130 }}
              options={statuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
              data-testid="duty-status"
            />
          </Form.Item>
          <Form.Item name="owner">
            <Select
              allowClear
              placeholder={t('Any owner')}
              style={{ width: 130 }}
              options={owners.map((o) => ({ value: o, label: o }))}
            />
          </Form.Item>
          <Form.Item name="chapter">
            <Select
              allowClear
              placeholder={t('Any chapter')}
              style={{ width: 200 }}
              popupMatchSelectWidth={false}
              options={overview.byChapter.map((c) => ({
                value: c.chapter,
                label: chapterName(c.chapter, lang),
              }))}
            />
          </Form.Item>
          <Form.Item name="statute">
            <Select
              allowClear
              placeholder={t('Any law')}
              style={{ width: 150 }}
              popupMatchSelectWidth={false}
              options={statutes.map((v) => ({ value: v, label: versionName(v) }))}
            />
          </Form.Item>
          <Form.Item name="sort">
            <Select
              style={{ width: 170 }}
              popupMatchSelectWidth={false}
              options={dutySortOptions.map((o) => ({ value: o, label: t(dutySortLabels[o]) }))}
              data-testid="duty-sort"
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="duty-search-go">
              {t('Search')}
            </Button>
            <Button
              onClick={() => {
                dutyForm.resetFields();
                setDutyFilter({ sort: 'law' });
              }}
            >
              {t('Reset')}
            </Button>
          </Space>
        </Form>
        <Table
          rowKey="id"
          size="small"
          tableLayout="fixed"
          loading={duties.loading}
          dataSource={duties.items}
          pagination={false}
          columns={[
            {
              title: t('Duty'),
              render: (_: unknown, i: Item) => (
                <Space direction="vertical" size={2}>
                  <a onClick={() => openDuty(i.id)} data-testid={`open-${i.id}`}>
                    <span data-testid={`duty-${i.id}`}>{i.title[lang]}</span>
                  </a>
                  {(i.pending > 0 || i.openTasks > 0) && (
                    <Space size={4} wrap>
                      {i.pending > 0 && <Tag>{t('{{n}} pending', { n: i.pending })}</Tag>}
                      {i.openTasks > 0 && (
                        <Tag color="blue">
                          {t('{{n}} open tasks', { n: i.openTasks, count: i.openTasks })}
                        </Tag>
                      )}
                    </Space>
                  )}
                </Space>
              ),
            },
            {
              title: t('Citations'),
              width: 150,
              ellipsis: true,
              render: (_: unknown, i: Item) => <Citations value={i.citations} drafts={false} compact />,
            },
            {
              title: t('Status'),
              dataIndex: 'status',
              width: 92,
              render: (s: Status, i: Item) => (
                <Tag color={statusColour[s]} title={i.reason[lang]} style={fitTag}>
                  {t(`status.${s}`)}
                </Tag>
              ),
            },
            {
              title: t('Next deadline'),
              dataIndex: 'nextDue',
              width: 120,
              render: (d: string | null, i: Item) => {
                if (d) return shanghaiDate(d);
                const r = i.recurrence;
                if (r.kind === 'event' && r.working_days)
                  return t('{{n}} working days after the event', {
                    n: r.working_days,
                    count: r.working_days,
                  });
                if (r.kind === 'event' && r.deadline)
                  return t('on event, within {{deadline}}', { deadline: r.deadline });
                return '—';
              },
            },
            {
              title: t('Owner'),
              dataIndex: 'owner',
              width: 104,
              ellipsis: true,
              render: (o: string | null) => o ?? '—',
            },
            {
              title: t('Proved by'),
              width: 132,
              render: (_: unknown, i: Item) => (
                <Space direction="vertical" size={2} style={{ maxWidth: '100%' }}>
                  {(registersFor.get(i.id) ?? []).map((r) => (
                    <Link
                      key={r.to}
                      to={r.to}
                      data-testid={`register-link-${i.id}`}
                      style={{ maxWidth: '100%' }}
                    >
                      <Tag color="geekblue" style={fitTag} title={r.title}>
                        {r.title}
                      </Tag>
                    </Link>
                  ))}
                </Space>
              ),
            },
            {
              title: '',
              width: 52,
              render: (_: unknown, i: Item) => {
                const open = i.status !== 'not_applicable';
                return (
                  <RowActions
                    items={[
                      { key: 'open', label: <span data-testid={`details-${i.id}`}>{t('Details')}</span> },
                      ...(canSubmit && open
                        ? [
                            {
                              key: 'upload',
                              icon: <UploadOutlined />,
                              label: <span data-testid={`upload-${i.id}`}>{t('Submit evidence')}</span>,
                            },
                          ]
                        : []),
                      ...(canDecide && open
                        ? [
                            {
                              key: 'na',
                              label: <span data-testid={`na-${i.id}`}>{t('Not applicable')}</span>,
                            },
                          ]
                        : []),
                    ]}
                    onAction={(key) => {
                      if (key === 'open') openDuty(i.id);
                      if (key === 'upload') setUploadFor(i);
                      if (key === 'na') setNaFor(i);
                    }}
                    testId={`actions-${i.id}`}
                  />
                );
              },
            },
          ]}
        />
        <CursorPager
          page={duties.page}
          hasNext={duties.hasNext}
          loading={duties.loading}
          onPrev={duties.goPrev}
          onNext={duties.goNext}
          pageSize={duties.pageSize}
          onPageSize={duties.setPageSize}
          testId="duty-pager"
        />
      </Card>
      <Modal
        open={!!uploadFor}
        title={uploadFor ? `${t('Evidence')}: ${uploadFor.title[lang]}` : ''}
        onOk={() => void submit()}
        onCancel={() => setUploadFor(null)}
        okText={t('Submit for review')}
      >
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('Another person approves it; approved evidence goes into the tamper-evident ledger.')}
        />
        <Form form={form} layout="vertical">
          <Form.Item
            name="summary"
            label={t('What was done')}
            rules={[{ required: true, message: t('Say what was done.') }]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
          <Upload
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            maxCount={1}
            onRemove={() => setFile(null)}
          >
            <Button icon={<UploadOutlined />}>{t('Attach a file')}</Button>
          </Upload>
        </Form>
      </Modal>
      <Modal
        open={!!naFor}
        title={naFor ? `${t('Not applicable')}: ${naFor.title[lang]}` : ''}
        onOk={() => void decideNa()}
        onCancel={() => setNaFor(null)}
      >
        <Form form={naForm} layout="vertical">
          <Form.Item
            name="justification"
            label={t('Justification (kept in the ledger)')}
            rules={[
              { required: true, min: 10, message: t('Give a justification of at least 10 characters.') },
            ]}
          >
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
      <DutyDrawer dutyId={drawerFor} onClose={() => openDuty(null)} onChange={load} />
      <ReviewModal
        submission={reviewing}
        dutyTitle={reviewing ? titleOf(reviewing.obligationId) : undefined}
        onClose={() => setReviewing(null)}
        onDone={() => {
          setReviewing(null);
          load();
        }}
      />
    </Space>
  );
}
