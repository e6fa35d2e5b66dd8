import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { takedownStatuses } from '../../../../contract/content.js';
import { api } from '../../api.js';
import { useErrorOnField, useErrorText } from '../../error-text.js';
import { CursorPager, queryString, useServerPage } from '../../server-table.js';
import { useDurationText } from './Overview.js';
import {
  beijing,
  beijingInstant,
  beijingNowPicker,
  issuerLabel,
  takedownStatusLabel,
  TimeLeft,
  UncertainTag,
  useContentRights,
  useNow,
  type ContentStatus,
  type Takedown,
  type TakedownList,
  labelOf,
} from './shared.js';

const statusColour: Record<Takedown['status'], string> = { open: 'gold', done: 'blue', confirmed: 'green' };

/**
 * 处置要求 (CSL 2025 Art 52): the authorities' takedown demands, overdue
 * ones marked with the time left or past; a new demand (its deadline the
 * catalogue's default, marked uncertain, when it names none); on the
 * detail, the actions taken and the confirmation.
 */
export function TakedownsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const rights = useContentRights();
  const now = useNow();
  const [status, setStatus] = useState<string | undefined>();
  const [overdue, setOverdue] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const list = useServerPage<TakedownList, 'takedowns'>(
    '/api/content/takedowns',
    'takedowns',
    queryString({ status, overdue, q: q.trim() }),
    { onError },
  );
  const filtered = Boolean(status || overdue || q.trim());
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="content-takedowns">
      <Space wrap>
        <Select
          allowClear
          placeholder={t('Status')}
          style={{ width: 150 }}
          value={status}
          onChange={setStatus}
          options={takedownStatuses.map((s) => ({ value: s, label: t(takedownStatusLabel[s]) }))}
        />
        <Select
          allowClear
          placeholder={t('Deadline')}
          style={{ width: 160 }}
          value={overdue}
          onChange={setOverdue}
          data-testid="takedowns-overdue"
          options={[{ value: 'true', label: t('overdue') }]}
        />
        <Input.Search
          allowClear
          placeholder={t('Search: document number, issuing office or target')}
          style={{ width: 260 }}
          onSearch={setQ}
        />
        {rights.createTakedown && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="takedown-new"
          >
            {t('Record a demand')}
          </Button>
        )}
      </Space>
      <Table<Takedown>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid="takedowns-table"
        onRow={(d) =>
          ({
            'data-testid': `takedown-${d.id}`,
            onClick: () => setOpen(d.id),
            style: { cursor: 'pointer' },
          }) as React.HTMLAttributes<HTMLElement>
        }
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                filtered
                  ? t('No demand matches.')
                  : t(
                      'No takedown demand yet. When an authority asks you to remove content or stop a service, record its demand here: its deadline starts the clock.',
                    )
              }
            />
          ),
        }}
        columns={[
          {
            title: t('Document number'),
            render: (_, d) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{d.documentNumber}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {d.issuerName} · {labelOf(t, issuerLabel, d.issuer)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('Targets'),
            width: 90,
            render: (_, d) => d.targets.length,
          },
          { title: t('Received (Beijing time)'), width: 140, render: (_, d) => beijing(d.receivedAt) },
          {
            title: t('Due (Beijing time)'),
            width: 200,
            render: (_, d) => (
              <Space direction="vertical" size={0}>
                <Space size={4}>
                  {beijing(d.dueAt)}
                  {d.defaultDeadline && <UncertainTag />}
                </Space>
                <TimeLeft dueAt={d.dueAt} now={now} done={d.status !== 'open'} />
              </Space>
            ),
          },
          {
            title: t('Status'),
            width: 130,
            render: (_, d) => (
              <Space size={2} wrap>
                <Tag color={statusColour[d.status]} data-testid="takedown-status">
                  {t(takedownStatusLabel[d.status])}
                </Tag>
                {d.overdue && (
                  <Tag color="red" data-testid="takedown-overdue">
                    {t('overdue')}
                  </Tag>
                )}
              </Space>
            ),
          },
        ]}
      />
      <CursorPager
        page={list.page}
        hasNext={list.hasNext}
        loading={list.loading}
        onPrev={list.goPrev}
        onNext={list.goNext}
        pageSize={list.pageSize}
        onPageSize={list.setPageSize}
        testId="takedowns-pager"
      />
      {creating && (
        <NewTakedown
          onClose={() => setCreating(false)}
          onDone={(d) => {
            setCreating(false);
            list.reload();
            setOpen(d.id);
          }}
        />
      )}
      {open && <TakedownDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />}
    </Space>
  );
}

type NewForm = {
  issuer: string;
  issuerName: string;
  documentNumber: string;
  receivedAt: Dayjs;
  dueAt?: Dayjs | null;
  targets: string;
  summary?: string;
};

function NewTakedown({ onClose, onDone }: { onClose: () => void; onDone: (d: Takedown) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const onField = useErrorOnField();
  const [form] = Form.useForm<NewForm>();
  const [busy, setBusy] = useState(false);
  const due = Form.useWatch('dueAt', form);
  const duration = useDurationText();
  // The default in force (the catalogue's, or the setting that overrides it), as the overview lists it.
  const [defaultDeadline, setDefaultDeadline] = useState<ContentStatus['defaults'][number] | null>(null);
  useEffect(() => {
    let live = true;
    api<ContentStatus>('GET', '/api/content/status').then(
      (s) =>
        live && setDefaultDeadline(s.defaults.find((d) => d.key === 'takedown_default_deadline') ?? null),
      (e: unknown) => console.warn(e),
    );
    return () => {
      live = false;
    };
  }, []);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const created = await api<Takedown>('POST', '/api/content/takedowns', {
        issuer: v.issuer,
        issuerName: v.issuerName.trim(),
        documentNumber: v.documentNumber.trim(),
        receivedAt: beijingInstant(v.receivedAt),
        ...(v.dueAt ? { dueAt: beijingInstant(v.dueAt) } : {}),
        targets: v.targets
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((value) => ({ value })),
        summary: v.summary ?? '',
      });
      message.success(t('Demand recorded.'));
      onDone(created);
    } catch (e) {
      if (!onField(form, e)) message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={640}
      title={t('Record a takedown demand')}
      okText={t('Save')}
      cancelText={t('Cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      data-testid="takedown-form"
    >
      <Form form={form} layout="vertical" initialValues={{ issuer: 'cac', receivedAt: beijingNowPicker() }}>
        <Space wrap>
          <Form.Item name="issuer" label={t('Issuer')} rules={[{ required: true }]}>
            <Select
              style={{ width: 280 }}
              options={Object.entries(issuerLabel).map(([value, label]) => ({ value, label: t(label) }))}
            />
          </Form.Item>
          <Form.Item
            name="issuerName"
            label={t('The issuing office')}
            rules={[{ required: true, whitespace: true, message: t('Name the office.') }]}
          >
            <Input maxLength={200} placeholder={t('e.g. 某市网信办')} style={{ width: 260 }} />
          </Form.Item>
        </Space>
        <Form.Item
          name="documentNumber"
          label={t('Document number')}
          rules={[{ required: true, whitespace: true, message: t('Give the document number.') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="receivedAt" label={t('Received at (Beijing time)')} rules={[{ required: true }]}>
            <DatePicker showTime />
          </Form.Item>
          <Form.Item name="dueAt" label={t('Deadline it sets (Beijing time)')}>
            <DatePicker showTime />
          </Form.Item>
        </Space>
        {!due && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="takedown-default-deadline"
            message={
              <Space size={4}>
                {t('Without a deadline, the default applies: {{time}} after it was received.', {
                  time: defaultDeadline ? duration(defaultDeadline.value) : t('24 hours'),
                })}
                {(defaultDeadline ? defaultDeadline.uncertain && !defaultDeadline.overridden : true) && (
                  <UncertainTag />
                )}
              </Space>
            }
          />
        )}
        <Form.Item
          name="targets"
          label={t('Targets, one a line (addresses, accounts, item ids)')}
          rules={[{ required: true, whitespace: true, message: t('Give at least one target.') }]}
        >
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="summary" label={t('Summary')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TakedownDrawer({
  id,
  onClose,
  onChanged,
}: {
  id: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const rights = useContentRights();
  const now = useNow();
  const [d, setD] = useState<Takedown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [actForm] = Form.useForm<{ action: string; targets: string[]; done: boolean }>();
  const [confirmForm] = Form.useForm<{ reference?: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    api<Takedown>('GET', `/api/content/takedowns/${id}`).then(
      (x) => live && setD(x),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [id, tick, errorText]);
  const changed = () => {
    setTick((n) => n + 1);
    onChanged();
  };
  const act = async () => {
    const v = await actForm.validateFields();
    setBusy(true);
    try {
      await api('POST', `/api/content/takedowns/${id}/actions`, {
        action: v.action.trim(),
        targets: v.targets ?? [],
        done: v.done ?? false,
      });
      actForm.resetFields();
      message.success(t('Action recorded.'));
      changed();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    const v = await confirmForm.validateFields();
    setBusy(true);
    try {
      await api('POST', `/api/content/takedowns/${id}/confirm`, {
        note: v.note ?? '',
        ...(v.reference ? { reference: v.reference } : {}),
      });
      message.success(t('Confirmation recorded.'));
      changed();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open
      width={720}
      onClose={onClose}
      title={d ? t('Demand {{n}}', { n: d.documentNumber }) : t('Takedown demand')}
      data-testid="takedown-drawer"
    >
      {error && <Alert type="error" showIcon message={error} />}
      {d && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('Issuer')}>
              {d.issuerName} · {labelOf(t, issuerLabel, d.issuer)}
            </Descriptions.Item>
            <Descriptions.Item label={t('Received (Beijing time)')}>
              {beijing(d.receivedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('Due (Beijing time)')}>
              <Space size={4} wrap>
                {beijing(d.dueAt)}
                {d.defaultDeadline && <UncertainTag />}
                <TimeLeft dueAt={d.dueAt} now={now} done={d.status !== 'open'} />
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('Status')}>
              <Tag color={statusColour[d.status]} data-testid="takedown-detail-status">
                {t(takedownStatusLabel[d.status])}
              </Tag>
              {d.doneAt && beijing(d.doneAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('Targets')}>
              <Space direction="vertical" size={0}>
                {d.targets.map((x) => (
                  <Typography.Text key={x.value} copyable>
                    {x.value}
                    {x.note ? ` (${x.note})` : ''}
                  </Typography.Text>
                ))}
              </Space>
            </Descriptions.Item>
            {d.summary && <Descriptions.Item label={t('Summary')}>{d.summary}</Descriptions.Item>}
          </Descriptions>
          <Typography.Title level={5}>{t('Actions taken')}</Typography.Title>
          {d.actions.length === 0 ? (
            <Typography.Text type="secondary">{t('No action recorded yet.')}</Typography.Text>
          ) : (
            <Timeline
              items={d.actions.map((a) => ({
                children: (
                  <Space direction="vertical" size={0}>
                    <Typography.Text>{a.action}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {a.by} · {beijing(a.at)}
                      {a.targets.length ? ` · ${a.targets.join('、')}` : ''}
                    </Typography.Text>
                  </Space>
                ),
              }))}
            />
          )}
          {rights.actOnTakedown && d.status === 'open' && (
            <Form form={actForm} layout="vertical" data-testid="takedown-act">
              <Form.Item
                name="action"
                label={t('Action taken')}
                rules={[{ required: true, whitespace: true, message: t('Say what was done.') }]}
              >
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Form.Item name="targets" label={t('On which targets')}>
                <Select
                  mode="multiple"
                  options={d.targets.map((x) => ({ value: x.value, label: x.value }))}
                />
              </Form.Item>
              <Form.Item name="done" valuePropName="checked">
                <Checkbox>{t('This completes the demand')}</Checkbox>
              </Form.Item>
              <Button onClick={() => void act()} loading={busy}>
                {t('Record the action')}
              </Button>
            </Form>
          )}
          <Typography.Title level={5}>{t('Confirmation')}</Typography.Title>
          {d.confirmation ? (
            <Typography.Text data-testid="takedown-confirmation">
              {t('Confirmed by {{by}} on {{at}}', { by: d.confirmation.by, at: beijing(d.confirmation.at) })}
              {d.confirmation.reference ? ` · ${d.confirmation.reference}` : ''}
              {d.confirmation.note ? ` · ${d.confirmation.note}` : ''}
            </Typography.Text>
          ) : rights.confirmTakedown && d.status === 'done' ? (
            <Form form={confirmForm} layout="vertical">
              <Typography.Paragraph type="secondary">
                {t('Record the reply sent to the authority, or its acknowledgement that the demand is met.')}
              </Typography.Paragraph>
              <Form.Item name="reference" label={t('Reference of the reply')}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="note" label={t('Note')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Button
                type="primary"
                onClick={() => void confirm()}
                loading={busy}
                data-testid="takedown-confirm"
              >
                {t('Record the confirmation')}
              </Button>
            </Form>
          ) : (
            <Typography.Text type="secondary">
              {d.status === 'open' ? t('Once the demand is acted on, record its confirmation here.') : '—'}
            </Typography.Text>
          )}
        </Space>
      )}
    </Drawer>
  );
}
