import { CheckOutlined, DownloadOutlined, FileDoneOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { useErrorOnField, useErrorText } from '../../error-text.js';
import { CursorPager, queryString, useServerPage } from '../../server-table.js';
import {
  beijing,
  beijingInstant,
  beijingNowPicker,
  CategoryTag,
  categoryCodes,
  categoryLabel,
  deletionStateLabel,
  originLabel,
  recipientLabel,
  useContentRights,
  type Disposal,
  type DisposalList,
  labelOf,
} from './shared.js';

type Filter = { category?: string; q?: string; state?: string };

/**
 * 处置记录 (CSL 2025 Art 49): every block or removal with what proves it
 * (hash, excerpt, publisher, service, the times of detection, stop,
 * deletion and report, who or which rule decided); a deletion confirmed by
 * hand, the unreported ones recorded as reported, the report draft, and a
 * removal recorded by hand.
 */
export function DisposalsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const rights = useContentRights();
  const [filter, setFilter] = useState<Filter>({});
  const [selected, setSelected] = useState<string[]>([]);
  const [reporting, setReporting] = useState(false);
  const [drafting, setDrafting] = useState(false);
  const [recording, setRecording] = useState(false);
  const [confirming, setConfirming] = useState<Disposal | null>(null);
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const list = useServerPage<DisposalList, 'disposals'>(
    '/api/content/disposals',
    'disposals',
    queryString({ ...filter, q: filter.q?.trim() }),
    { onError },
  );
  const filtered = Object.values(filter).some((v) => v);
  const set = (k: keyof Filter) => (v: string | undefined) => {
    setSelected([]);
    setFilter((f) => ({ ...f, [k]: v }));
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="content-disposals">
      <Space wrap>
        <Select
          allowClear
          placeholder={t('Content category')}
          style={{ width: 180 }}
          value={filter.category}
          onChange={set('category')}
          options={categoryCodes.map((c) => ({ value: c, label: t(categoryLabel[c]!) }))}
        />
        <Select
          allowClear
          placeholder={t('Outstanding')}
          style={{ width: 200 }}
          value={filter.state}
          onChange={set('state')}
          data-testid="disposals-state"
          options={[
            { value: 'unreported', label: t('not yet reported') },
            { value: 'deletion_outstanding', label: t('deletion outstanding') },
          ]}
        />
        <Input.Search
          allowClear
          placeholder={t('Search: excerpt, publisher, service, address or hash')}
          style={{ width: 300 }}
          onSearch={(v) => set('q')(v || undefined)}
          data-testid="disposals-q"
        />
        {rights.reportDisposals && (
          <Button
            icon={<FileDoneOutlined />}
            disabled={selected.length === 0}
            onClick={() => setReporting(true)}
            data-testid="disposals-report"
          >
            {selected.length
              ? t('Record {{n}} as reported', { n: selected.length, count: selected.length })
              : t('Record as reported')}
          </Button>
        )}
        <Button icon={<DownloadOutlined />} onClick={() => setDrafting(true)} data-testid="disposals-draft">
          {t('Report draft')}
        </Button>
        {rights.recordDisposal && (
          <Button icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="disposals-record">
            {t('Record a removal')}
          </Button>
        )}
      </Space>
      <Table<Disposal>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid="disposals-table"
        onRow={(d) => ({ 'data-testid': `disposal-${d.id}` }) as React.HTMLAttributes<HTMLElement>}
        rowSelection={
          rights.reportDisposals
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as string[]),
                getCheckboxProps: (d) => ({ disabled: d.report.reportedAt !== null }),
              }
            : undefined
        }
        expandable={{ expandedRowRender: (d) => <DisposalFacts d={d} /> }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                filtered
                  ? t('No record matches.')
                  : t(
                      'No disposal yet. A record is written when screening blocks an item, when a moderator removes a held one, or when a removal is recorded by hand.',
                    )
              }
            />
          ),
        }}
        columns={[
          {
            title: t('Excerpt'),
            render: (_, d) => (
              <Space direction="vertical" size={2}>
                <Typography.Text ellipsis={{ tooltip: d.excerpt }}>{d.excerpt}</Typography.Text>
                <Space size={2} wrap>
                  <CategoryTag category={d.category} />
                  <Tag>{t(originLabel[d.origin])}</Tag>
                </Space>
              </Space>
            ),
          },
          { title: t('Service'), width: 120, ellipsis: true, render: (_, d) => d.service ?? '—' },
          { title: t('Detected (Beijing time)'), width: 140, render: (_, d) => beijing(d.detectedAt) },
          {
            title: t('Deletion'),
            width: 150,
            render: (_, d) => (
              <Space direction="vertical" size={0}>
                <Tag
                  color={
                    d.deletion.state === 'confirmed'
                      ? 'green'
                      : d.deletion.state === 'failed'
                        ? 'red'
                        : 'gold'
                  }
                  data-testid="deletion-state"
                >
                  {t(deletionStateLabel[d.deletion.state])}
                </Tag>
                {d.deletion.state !== 'confirmed' && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('due {{at}}', { at: beijing(d.deletion.dueAt) })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('Report'),
            width: 150,
            render: (_, d) =>
              d.report.reportedAt ? (
                <Space direction="vertical" size={0}>
                  <Tag color="green" data-testid="report-state">
                    {t('reported')}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {beijing(d.report.reportedAt)}
                  </Typography.Text>
                </Space>
              ) : (
                <Space direction="vertical" size={0}>
                  <Tag color="gold" data-testid="report-state">
                    {t('not yet reported')}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('due {{at}}', { at: beijing(d.report.dueAt) })}
                  </Typography.Text>
                </Space>
              ),
          },
          {
            title: t('Actions'),
            width: 80,
            render: (_, d) =>
              rights.confirmDeletion && d.deletion.state !== 'confirmed' ? (
                <Tooltip title={t('Confirm the deletion')}>
                  <Button
                    size="small"
                    type="text"
                    icon={<CheckOutlined />}
                    aria-label={t('Confirm the deletion')}
                    onClick={() => setConfirming(d)}
                    data-testid="disposal-confirm-deletion"
                  />
                </Tooltip>
              ) : null,
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
        testId="disposals-pager"
      />
      {reporting && (
        <ReportModal
          ids={selected}
          onClose={() => setReporting(false)}
          onDone={() => {
            setReporting(false);
            setSelected([]);
            list.reload();
          }}
        />
      )}
      {drafting && <DraftModal onClose={() => setDrafting(false)} />}
      {recording && (
        <RecordModal
          onClose={() => setRecording(false)}
          onDone={() => {
            setRecording(false);
            list.reload();
          }}
        />
      )}
      {confirming && (
        <ConfirmDeletionModal
          disposal={confirming}
          onClose={() => setConfirming(null)}
          onDone={() => {
            setConfirming(null);
            list.reload();
          }}
        />
      )}
    </Space>
  );
}

/** Every fact a record keeps, as the authority would ask for it. */
function DisposalFacts({ d }: { d: Disposal }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={2} bordered data-testid="disposal-facts">
      <Descriptions.Item label={t('Content hash (SHA-256)')} span={2}>
        <Typography.Text code copyable style={{ fontSize: 12 }}>
          {d.contentHash}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('Excerpt')} span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{d.excerpt}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('Publisher (pseudonymous id)')}>{d.publisher ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('Service')}>{d.service ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('Item id')}>{d.itemId ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('Address')}>{d.url ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('Detected')}>{beijing(d.detectedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('Transmission stopped')}>{beijing(d.stoppedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('Deletion requested')}>
        {beijing(d.deletion.requestedAt)}
        {d.deletion.attempts > 0
          ? ` · ${t('{{n}} attempts', { n: d.deletion.attempts, count: d.deletion.attempts })}`
          : ''}
        {d.deletion.lastError ? ` · ${d.deletion.lastError}` : ''}
      </Descriptions.Item>
      <Descriptions.Item label={t('Deletion confirmed')}>{beijing(d.deletion.confirmedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('Reported')}>
        {d.report.reportedAt
          ? `${beijing(d.report.reportedAt)} · ${
              d.report.recipient ? labelOf(t, recipientLabel, d.report.recipient) : ''
            }${d.report.reference ? ` · ${d.report.reference}` : ''}`
          : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('Decided by')}>
        {d.decidedBy.kind === 'person'
          ? t('person: {{who}}', { who: d.decidedBy.person ?? '—' })
          : t('rules: {{rules}}', { rules: d.decidedBy.rules.join('、') })}
      </Descriptions.Item>
      <Descriptions.Item label={t('Kept until')}>{beijing(d.keepUntil)}</Descriptions.Item>
      <Descriptions.Item label={t('Evidence ledger record')}>
        <code>{d.evidenceId}</code>
      </Descriptions.Item>
    </Descriptions>
  );
}

function RecipientSelect(props: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      {...props}
      style={{ width: 300 }}
      options={Object.entries(recipientLabel).map(([value, label]) => ({ value, label: t(label) }))}
    />
  );
}

function ReportModal({ ids, onClose, onDone }: { ids: string[]; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ recipient: string; reportedAt: Dayjs; reference?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api('POST', '/api/content/disposals/report', {
        ids,
        recipient: v.recipient,
        reportedAt: beijingInstant(v.reportedAt),
        ...(v.reference ? { reference: v.reference } : {}),
      });
      message.success(t('{{n}} records marked as reported.', { n: ids.length, count: ids.length }));
      onDone();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('Record {{n}} as reported', { n: ids.length, count: ids.length })}
      okText={t('Save')}
      cancelText={t('Cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ recipient: 'cac', reportedAt: beijingNowPicker() }}
      >
        <Form.Item name="recipient" label={t('Reported to')} rules={[{ required: true }]}>
          <RecipientSelect />
        </Form.Item>
        <Form.Item name="reportedAt" label={t('Reported at (Beijing time)')} rules={[{ required: true }]}>
          <DatePicker showTime />
        </Form.Item>
        <Form.Item name="reference" label={t('Reference of the report')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The report draft for a period and a recipient, downloaded from the server. */
function DraftModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(30, 'day'), dayjs()]);
  const [recipient, setRecipient] = useState('cac');
  const href = `/api/content/disposals/report-draft?${new URLSearchParams({
    from: `${range[0].format('YYYY-MM-DD')}T00:00:00+08:00`,
    to: `${range[1].add(1, 'day').format('YYYY-MM-DD')}T00:00:00+08:00`,
    recipient,
  }).toString()}`;
  return (
    <Modal open title={t('Report draft')} footer={null} onCancel={onClose}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t(
            'The draft lists the disposals detected in the period and not yet reported, for the recipient chosen; edit it before sending.',
          )}
        </Typography.Text>
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          allowClear={false}
        />
        <RecipientSelect value={recipient} onChange={setRecipient} />
        <Button type="primary" icon={<DownloadOutlined />} href={href} data-testid="draft-download">
          {t('Download')}
        </Button>
      </Space>
    </Modal>
  );
}

type RecordForm = {
  text: string;
  category: string;
  service?: string;
  publisher?: string;
  url?: string;
  itemId?: string;
  requestDeletion: boolean;
};

function RecordModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const onField = useErrorOnField();
  const [form] = Form.useForm<RecordForm>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const body: Record<string, unknown> = {
        text: v.text,
        category: v.category,
        requestDeletion: v.requestDeletion,
      };
      for (const k of ['service', 'publisher', 'url', 'itemId'] as const)
        if (v[k]?.trim()) body[k] = v[k].trim();
      await api('POST', '/api/content/disposals', body);
      message.success(t('Removal recorded.'));
      onDone();
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
      title={t('Record a removal')}
      okText={t('Save')}
      cancelText={t('Cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      data-testid="record-modal"
    >
      <Form form={form} layout="vertical" initialValues={{ category: 'other', requestDeletion: true }}>
        <Form.Item
          name="text"
          label={t('The content removed')}
          extra={t('Only its hash and a short excerpt are kept.')}
          rules={[{ required: true, whitespace: true, message: t('Give the content.') }]}
        >
          <Input.TextArea rows={4} maxLength={65536} />
        </Form.Item>
        <Form.Item name="category" label={t('Content category')}>
          <Select options={categoryCodes.map((c) => ({ value: c, label: t(categoryLabel[c]!) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="service" label={t('Service')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="publisher" label={t('Publisher (pseudonymous id)')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="itemId" label={t('Item id')}>
            <Input maxLength={200} />
          </Form.Item>
        </Space>
        <Form.Item name="url" label={t('Address')}>
          <Input maxLength={2000} />
        </Form.Item>
        <Form.Item name="requestDeletion" label={t('Ask the platform to delete it')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ConfirmDeletionModal({
  disposal,
  onClose,
  onDone,
}: {
  disposal: Disposal;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ deletedAt?: Dayjs | null; note?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api('POST', `/api/content/disposals/${disposal.id}/deletion-confirmed`, {
        ...(v.deletedAt ? { deletedAt: beijingInstant(v.deletedAt) } : {}),
        ...(v.note ? { note: v.note } : {}),
      });
      message.success(t('Deletion confirmed.'));
      onDone();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('Confirm the deletion')}
      okText={t('Confirm')}
      cancelText={t('Cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph type="secondary">
        {t(
          'For content the platform deleted without confirming it: say when it was deleted and how you know.',
        )}
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="deletedAt" label={t('Deleted at (Beijing time)')} extra={t('Leave empty for now.')}>
          <DatePicker showTime />
        </Form.Item>
        <Form.Item name="note" label={t('Note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
