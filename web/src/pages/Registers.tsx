import { ClockCircleOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { CiiOverview, TrainingPolicyView } from '../../../contract/cii.js';
import {
  entryStatuses,
  type EntrySort,
  type EntryStatus,
  type EntryView,
  type FieldSpecView,
  type RegisterDetail,
  type RegisterList,
  type RegisterSpecView,
  type RegisterSummary,
  type Value,
} from '../../../contract/registers.js';
import type { Bilingual, Deadline } from '../../../contract/status.js';
import { allPages, api, ApiError } from '../api.js';
import { useErrorText } from '../error-text.js';
import { useAuth } from '../auth.js';
import { Citations, DutyName } from '../cite.js';
import { RowActions } from '../row-actions.js';
import { CursorPager, queryString, useServerPage } from '../server-table.js';
import { RegisterImport } from './RegisterImport.js';
import { validValues } from '../form-values.js';

type Bi = Bilingual;
type FieldSpec = FieldSpecView;
export type RegisterSpec = RegisterSpecView;
type Entry = EntryView;
export type { Deadline, RegisterSummary };
type TrainingPolicy = TrainingPolicyView;
type Day = { format(f: string): string };

export const deadlineColour: Record<Deadline['status'], string> = {
  overdue: 'red',
  due_soon: 'gold',
  open: 'volcano',
  on_track: 'green',
};

/** Citations through the shared formatter (cite.tsx). */
export function citationTags(c: Record<string, string[] | undefined>): ReactNode {
  return <Citations value={c} />;
}

/** Links to the workspace rows of the duties an entry proves, by title (the id in a tooltip). */
export function DutyLinks({ ids }: { ids: string[] }) {
  return (
    <Space size={[0, 4]} wrap>
      {ids.map((id) => (
        // A duty's title can be long: the tag wraps inside its cell instead of pushing the table wider.
        <Tag key={id} color="geekblue" style={{ whiteSpace: 'normal', maxWidth: '100%' }}>
          <DutyName id={id} to={`/workspace?duty=${encodeURIComponent(id)}`} />
        </Tag>
      ))}
    </Space>
  );
}

function readFile(file: File): Promise<{ name: string; contentBase64: string }> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve({ name: file.name, contentBase64: String(r.result).split(',')[1] ?? '' });
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

/** An input for one catalogue field; Form.Item's value, onChange and id pass through. */
function FieldInput({
  f,
  lang,
  refOptions,
  ...control
}: {
  f: FieldSpec;
  lang: 'zh' | 'en';
  refOptions: { value: string; label: string }[];
  [prop: string]: unknown;
}) {
  switch (f.type) {
    case 'textarea':
      return <Input.TextArea rows={3} maxLength={5000} {...control} />;
    case 'date':
      return <DatePicker {...control} />;
    case 'number':
      return (
        <InputNumber min={f.min} max={f.max} step={f.integer ? 1 : 0.5} style={{ width: 200 }} {...control} />
      );
    case 'boolean':
      return <Switch {...control} />;
    case 'enum':
      return (
        <Select options={(f.options ?? []).map((o) => ({ value: o.value, label: o[lang] }))} {...control} />
      );
    case 'ref':
      return <Select options={refOptions} showSearch optionFilterProp="label" {...control} />;
    case 'file':
      return <input type="file" id={control.id as string | undefined} data-testid={`file-${f.name}`} />;
    default:
      return <Input maxLength={200} {...control} />;
  }
}

function show(
  f: FieldSpec | undefined,
  v: Value | undefined,
  lang: 'zh' | 'en',
  t: (k: string) => string,
  refs: Record<string, { value: string; label: string }[]> = {},
): ReactNode {
  if (v === undefined) return '—';
  if (f?.type === 'ref') return refs[f.name]?.find((o) => o.value === v)?.label ?? String(v);
  if (typeof v === 'object') return <a href={`/api/files/${v.sha256}`}>{v.name}</a>;
  if (f?.type === 'enum') return f.options?.find((o) => o.value === v)?.[lang] ?? String(v);
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  return String(v);
}

/** The entries search form of a register. */
type EntryFilterValues = {
  q?: string;
  status?: EntryStatus;
  recordedBy?: string;
  dates?: [Day | null, Day | null] | null;
  sort?: EntrySort;
};
const entrySortOptions: EntrySort[] = ['occurred_desc', 'occurred_asc', 'recorded_desc', 'recorded_asc'];
const entrySortLabels: Record<EntrySort, string> = {
  occurred_desc: 'Newest date first',
  occurred_asc: 'Oldest date first',
  recorded_desc: 'Last recorded first',
  recorded_asc: 'First recorded first',
};

/** One register: what it is for, its open items, its entries, and a form generated from its fields. */
export function RegisterPanel({ spec: initial }: { spec: RegisterSpec }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { me, can } = useAuth();
  const [data, setData] = useState<RegisterDetail | null>(null);
  // The entries: searched, filtered, sorted and paged on the server (GET /api/registers/:id).
  const [entryForm] = Form.useForm<EntryFilterValues>();
  const [entryFilter, setEntryFilter] = useState<EntryFilterValues>({ sort: 'occurred_desc' });
  const entryQuery = queryString({
    q: entryFilter.q?.trim(),
    status: entryFilter.status,
    recordedBy: entryFilter.recordedBy?.trim(),
    from: entryFilter.dates?.[0]?.format('YYYY-MM-DD'),
    to: entryFilter.dates?.[1]?.format('YYYY-MM-DD'),
    sort: entryFilter.sort,
  });
  const onEntryError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const entries = useServerPage<RegisterDetail, 'entries'>(
    `/api/registers/${initial.id}`,
    'entries',
    entryQuery,
    { pageSize: 10, onError: onEntryError },
  );
  const reloadEntries = entries.reload;
  // What this user may do here: the server's `can` for the register (its writers, approval, the token's scope).
  const canWrite = data?.can.includes('registers.record') ?? false;
  const canImport = data?.can.includes('registers.import') ?? false;
  const canComplete = data?.can.includes('registers.complete') ?? false;
  const canApprove = data?.can.includes('registers.review') ?? false;
  const canSetPolicy = can('cii.training_policy');
  const [refOptions, setRefOptions] = useState<Record<string, { value: string; label: string }[]>>({});
  const [open, setOpen] = useState(false);
  const [completeFor, setCompleteFor] = useState<Entry | null>(null);
  const [policy, setPolicy] = useState<TrainingPolicy | null>(null);
  const [form] = Form.useForm();
  const [completeForm] = Form.useForm();
  const spec = data?.spec ?? initial;

  const load = useCallback(() => {
    // The register itself (its spec, open items, what you may do); its entries come a page at a time below.
    api<RegisterDetail>('GET', `/api/registers/${initial.id}?limit=1`).then(setData, (e: Error) =>
      message.error(errorText(e)),
    );
    reloadEntries();
    // A ref field picks among every counted entry of the other register: all its pages.
    for (const f of initial.fields.filter((x) => x.type === 'ref' && x.register)) {
      allPages<RegisterDetail, 'entries'>(`/api/registers/${f.register}`, 'entries').then(
        (entries) =>
          setRefOptions((o) => ({
            ...o,
            [f.name]: entries
              .filter((e) => e.status === 'recorded' || e.status === 'approved')
              .map((e) => ({ value: e.id, label: `${e.on} · ${e.subject}` })),
          })),
        () => undefined,
      );
    }
    if (initial.id === 'cii-training')
      api<TrainingPolicy>('GET', '/api/cii/training-policy').then(setPolicy, () => undefined);
  }, [initial, message, errorText, reloadEntries]);
  useEffect(load, [load]);

  const fail = (e: unknown) => {
    const local =
      e instanceof ApiError ? (e.details as { message?: Bi } | undefined)?.message?.[lang] : undefined;
    void message.error(local ?? errorText(e));
  };

  const toPayload = async (v: Record<string, unknown>, fields: FieldSpec[]) => {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const x = v[f.name];
      if (f.type === 'file') {
        const input = document.querySelector<HTMLInputElement>(`[data-testid="file-${f.name}"]`);
        const file = input?.files?.[0];
        if (file) out[f.name] = await readFile(file);
        continue;
      }
      if (x === undefined || x === null || x === '') {
        if (f.type === 'boolean' && f.required) out[f.name] = false;
        continue;
      }
      out[f.name] = f.type === 'date' ? (x as Day).format('YYYY-MM-DD') : x;
    }
    return out;
  };

  const save = async () => {
    const v = (await validValues(form)) as Record<string, unknown> | null;
    if (!v) return;
    try {
      const entry = await api<Entry>('POST', `/api/registers/${spec.id}/entries`, {
        data: await toPayload(v, spec.fields),
      });
      void message.success(
        entry.status === 'pending'
          ? t('Saved: waiting for a second person to approve')
          : t('Recorded in the evidence ledger'),
      );
      setOpen(false);
      form.resetFields();
      load();
    } catch (e) {
      fail(e);
    }
  };

  const review = async (e: Entry, approve: boolean) => {
    try {
      await api('POST', `/api/registers/${spec.id}/entries/${e.id}/review`, { approve });
      load();
    } catch (err) {
      fail(err);
    }
  };

  const complete = async () => {
    const v = (await validValues(completeForm)) as Record<string, unknown> | null;
    if (!v) return;
    const fields = spec.fields.filter((f) => spec.completable.includes(f.name) && v[f.name] !== undefined);
    try {
      await api('POST', `/api/registers/${spec.id}/entries/${completeFor!.id}/complete`, {
        data: await toPayload(v, fields),
      });
      setCompleteFor(null);
      completeForm.resetFields();
      load();
    } catch (e) {
      fail(e);
    }
  };

  const togglePolicy = async (enabled: boolean) => {
    try {
      setPolicy(await api<TrainingPolicy>('PUT', '/api/cii/training-policy', { enabled }));
    } catch (e) {
      fail(e);
    }
  };

  const fieldOf = (n: string) => spec.fields.find((f) => f.name === n);
  // The subject field first (even a long text, shortened), then the short fields.
  const subjectField = spec.fields.find((f) => f.name === spec.subject);
  const shown = [
    ...(subjectField?.type === 'textarea' ? [subjectField] : []),
    ...spec.fields.filter((f) => f.type !== 'textarea' && f.type !== 'file'),
  ].slice(0, 5);
  const statusColour = {
    recorded: 'green',
    approved: 'green',
    pending: 'gold',
    rejected: 'default',
  } as const;

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`register-${spec.id}`}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {spec.summary[lang]}
      </Typography.Paragraph>
      <div>{citationTags(spec.citations)}</div>
      {policy && (
        <Card size="small" title={t('Training hours (2017 draft, optional good practice)')}>
          <Space direction="vertical">
            <Space>
              <Switch
                checked={policy.enabled}
                disabled={!canSetPolicy}
                onChange={(v) => void togglePolicy(v)}
                data-testid="training-policy"
              />
              <Typography.Text>{policy.policy.note[lang]}</Typography.Text>
            </Space>
            {policy.enabled &&
              (policy.shortfalls.length === 0 ? (
                <Typography.Text type="success">
                  {t('{{n}} people trained in {{year}}; nobody below the minimum.', {
                    n: policy.people,
                    count: policy.people,
                    year: policy.year,
                  })}
                </Typography.Text>
              ) : (
                <Alert
                  type="warning"
                  message={t('Below the minimum in {{year}}', { year: policy.year })}
                  description={policy.shortfalls
                    .map((s) => `${s.person}: ${s.done} / ${s.required}`)
                    .join('; ')}
                />
              ))}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('Counts people who appear in the training records; keep everyone in key posts recorded.')}
            </Typography.Text>
          </Space>
        </Card>
      )}
      {data && data.deadlines.length > 0 && (
        <Card size="small" title={t('Open items')}>
          {data.deadlines.map((d) => (
            <p key={`${d.entryId}-${d.label.en}`} data-testid="register-deadline">
              <Tag color={deadlineColour[d.status]}>{t(`deadline.${d.status}`)}</Tag>
              {d.due && <Tag>{d.due}</Tag>}
              {d.label[lang]}: {d.subject}
              {d.party === 'authority' && <Tag style={{ marginLeft: 8 }}>{t('the authority acts')}</Tag>}
            </p>
          ))}
        </Card>
      )}
      <Space wrap>
        <Button type="link" href={`/api/registers/${spec.id}/entries.csv`} data-testid={`export-${spec.id}`}>
          {t('Export CSV')}
        </Button>
      </Space>
      {(canWrite || canImport) && (
        <Space wrap>
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setOpen(true)}
              data-testid={`new-${spec.id}`}
            >
              {t('New entry')}
            </Button>
          )}
          {canImport && <RegisterImport spec={spec} refOptions={refOptions} onImported={load} />}
        </Space>
      )}
      <Form
        form={entryForm}
        layout="inline"
        initialValues={{ sort: 'occurred_desc' }}
        onFinish={(v) => setEntryFilter(v)}
        style={{ rowGap: 8 }}
        data-testid={`entry-search-${spec.id}`}
      >
        <Form.Item name="q">
          <Input
            allowClear
            placeholder={t('Search: words in the entry or the recorder')}
            style={{ width: 240 }}
            data-testid={`entry-q-${spec.id}`}
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('Any status')}
            style={{ width: 130 }}
            options={entryStatuses.map((s) => ({ value: s, label: t(`entry.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="recordedBy">
          <Input allowClear placeholder={t('Recorded by')} style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="dates">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="sort">
          <Select
            style={{ width: 170 }}
            popupMatchSelectWidth={false}
            options={entrySortOptions.map((o) => ({ value: o, label: t(entrySortLabels[o]) }))}
          />
        </Form.Item>
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SearchOutlined />}
            data-testid={`entry-search-go-${spec.id}`}
          >
            {t('Search')}
          </Button>
          <Button
            onClick={() => {
              entryForm.resetFields();
              setEntryFilter({ sort: 'occurred_desc' });
            }}
          >
            {t('Reset')}
          </Button>
        </Space>
      </Form>
      <Table
        rowKey="id"
        size="small"
        // Fixed layout: the columns share the page's width whatever the register's fields, so a
        // wide register (rectifications, in English) never scrolls sideways; long cells wrap.
        tableLayout="fixed"
        loading={entries.loading}
        dataSource={entries.items}
        pagination={false}
        expandable={{
          expandedRowRender: (e: Entry) => (
            <Space direction="vertical">
              {spec.fields.map((f) => (
                <span key={f.name}>
                  <Typography.Text type="secondary">{f.label[lang]}: </Typography.Text>
                  {show(f, e.data[f.name], lang, t, refOptions)}
                </span>
              ))}
              <span>
                <Typography.Text type="secondary">{t('Recorded by')}: </Typography.Text>
                {e.recordedBy}
                {e.reviewedBy ? ` · ${t('approved by')} ${e.reviewedBy}` : ''}
                {' · '}
                {t('{{n}} ledger records', { n: e.evidenceIds.length, count: e.evidenceIds.length })}
              </span>
            </Space>
          ),
        }}
        columns={[
          ...shown.map((f) => ({
            title: f.label[lang],
            render: (_: unknown, e: Entry) =>
              f.type === 'textarea' ? (
                <Typography.Text
                  ellipsis={{ tooltip: String(e.data[f.name] ?? '') }}
                  style={{ maxWidth: 280 }}
                >
                  {show(f, e.data[f.name], lang, t, refOptions)}
                </Typography.Text>
              ) : (
                show(f, e.data[f.name], lang, t, refOptions)
              ),
          })),
          ...(spec.versioned
            ? [{ title: t('Version'), width: 80, render: (_: unknown, e: Entry) => `v${e.version}` }]
            : []),
          {
            title: t('Status'),
            width: 130,
            render: (_: unknown, e: Entry) => (
              <Space size={0}>
                <Tag color={statusColour[e.status]}>{t(`entry.${e.status}`)}</Tag>
                {spec.current_by && e.current && <Tag color="blue">{t('current')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('Duties'),
            render: (_: unknown, e: Entry) => <DutyLinks ids={e.obligations} />,
          },
          {
            // Row actions in a menu, so the table keeps its width at 1280 px in either language.
            title: '',
            width: 52,
            render: (_: unknown, e: Entry) => {
              const mayReview = e.status === 'pending' && canApprove && e.recordedBy !== me?.user.username;
              const awaiting = e.status === 'pending' && !mayReview;
              const missing = spec.completable.filter((c) => e.data[c] === undefined);
              const mayComplete =
                canComplete && (e.status === 'recorded' || e.status === 'approved') && missing.length > 0;
              if (!mayReview && !mayComplete)
                return awaiting ? (
                  <Tooltip title={t('awaiting another reviewer')}>
                    <ClockCircleOutlined aria-label={t('awaiting another reviewer')} />
                  </Tooltip>
                ) : null;
              return (
                <RowActions
                  items={[
                    ...(mayReview
                      ? [
                          {
                            key: 'approve',
                            label: <span data-testid={`approve-${e.id}`}>{t('Approve')}</span>,
                          },
                          {
                            key: 'reject',
                            danger: true,
                            label: <span data-testid={`reject-${e.id}`}>{t('Reject')}</span>,
                          },
                        ]
                      : []),
                    ...(mayComplete
                      ? [
                          {
                            key: 'complete',
                            label: (
                              <span data-testid={`complete-${e.id}`}>
                                {missing.map((c) => fieldOf(c)?.label[lang]).join(', ')}
                              </span>
                            ),
                          },
                        ]
                      : []),
                  ]}
                  onAction={(key) => {
                    if (key === 'approve') void review(e, true);
                    if (key === 'reject') void review(e, false);
                    if (key === 'complete') setCompleteFor(e);
                  }}
                  testId={`entry-actions-${e.id}`}
                />
              );
            },
          },
        ]}
      />
      <CursorPager
        page={entries.page}
        hasNext={entries.hasNext}
        loading={entries.loading}
        onPrev={entries.goPrev}
        onNext={entries.goNext}
        pageSize={entries.pageSize}
        onPageSize={entries.setPageSize}
        testId={`entry-pager-${spec.id}`}
      />
      <Modal
        open={open}
        title={`${t('New entry')}: ${spec.title[lang]}`}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
        okText={t('Save')}
        width={640}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name={`form-${spec.id}`}>
          {spec.fields.map((f) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={f.label[lang]}
              rules={f.required && f.type !== 'boolean' ? [{ required: true }] : []}
              {...(f.type === 'boolean' ? { valuePropName: 'checked' } : {})}
              {...(f.type === 'file'
                ? { valuePropName: 'fileList', getValueFromEvent: () => undefined }
                : {})}
            >
              <FieldInput f={f} lang={lang} refOptions={refOptions[f.name] ?? []} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
      <Modal
        open={!!completeFor}
        title={`${spec.title[lang]}: ${completeFor?.subject ?? ''}`}
        onOk={() => void complete()}
        onCancel={() => setCompleteFor(null)}
        okText={t('Save')}
        destroyOnHidden
      >
        <Form form={completeForm} layout="vertical" name={`complete-${spec.id}`}>
          {spec.fields
            .filter((f) => spec.completable.includes(f.name) && completeFor?.data[f.name] === undefined)
            .map((f) => (
              <Form.Item key={f.name} name={f.name} label={f.label[lang]} rules={[{ required: true }]}>
                <FieldInput f={f} lang={lang} refOptions={[]} />
              </Form.Item>
            ))}
        </Form>
      </Modal>
    </Space>
  );
}

/** The registers of one group as tabs (the active one in ?register=), with extra tabs first. */
export function RegisterTabs({
  group,
  extra = [],
  empty,
}: {
  group: 'governance' | 'cii';
  extra?: { key: string; label: string; children: ReactNode }[];
  empty?: ReactNode;
}) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const [registers, setRegisters] = useState<RegisterSummary[] | null>(null);
  useEffect(() => {
    api<RegisterList>('GET', '/api/registers').then(
      (r) => setRegisters(r.registers.filter((x) => x.spec.group === group && x.visible)),
      (e: Error) => void message.error(errorText(e)),
    );
  }, [group, message, errorText]);
  if (!registers) return null;
  if (registers.length === 0 && extra.length === 0) return <>{empty}</>;
  const items = [
    ...extra,
    ...registers.map((r) => ({
      key: r.spec.id,
      label: (
        <span data-testid={`tab-${r.spec.id}`}>
          {r.spec.title[lang]}
          {r.openItems > 0 && (
            <Tag color="volcano" style={{ marginLeft: 6 }}>
              {r.openItems}
            </Tag>
          )}
        </span>
      ),
      children: <RegisterPanel spec={r.spec} />,
    })),
  ];
  const active = params.get('register') ?? items[0]?.key;
  return (
    <Tabs
      activeKey={active}
      onChange={(k) => setParams({ register: k }, { replace: true })}
      items={items}
      destroyOnHidden
    />
  );
}

/** Critical information infrastructure: every CII register, for operators and those who opt in. */
export function CiiPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const [cii, setCii] = useState<CiiOverview | null>(null);
  useEffect(() => {
    api<CiiOverview>('GET', '/api/cii').then(setCii, () => undefined);
  }, []);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('Critical information infrastructure')}</Typography.Title>
      {cii?.registers && (
        <Card size="small" data-testid="cii-standing">
          <Space wrap>
            <Tag color={cii.profile.operator ? 'red' : 'blue'}>
              {cii.profile.operator ? t('CII operator') : t('Voluntary participant')}
            </Tag>
            {cii.profile.sector && <Tag>{t(`sector.${cii.profile.sector}`)}</Tag>}
            {cii.identification ? (
              <Typography.Text>
                {t('Latest identification: {{date}}, {{department}}', {
                  date: cii.identification.on,
                  department: String(cii.identification.data.department ?? ''),
                })}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('No identification notice recorded.')}</Typography.Text>
            )}
          </Space>
          {cii.warnings.map((w) => (
            <Alert key={w.code} type="warning" showIcon style={{ marginTop: 8 }} message={w[lang]} />
          ))}
        </Card>
      )}
      <RegisterTabs
        group="cii"
        empty={
          <Alert
            type="info"
            showIcon
            data-testid="cii-not-applicable"
            message={t('The CII registers apply to critical information infrastructure operators.')}
            description={
              <span>
                {t(
                  'Mark the organisation as a CII operator in its profile, or opt in voluntarily (CSL 2025 Art 33 encourages it).',
                )}{' '}
                <Link to="/settings">{t('Settings')}</Link>
              </span>
            }
          />
        }
      />
    </Space>
  );
}
