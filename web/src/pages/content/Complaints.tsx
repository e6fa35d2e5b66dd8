import { EditOutlined, EyeOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { complaintStatuses } from '../../../../contract/content.js';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { useErrorOnField, useErrorText } from '../../error-text.js';
import { CursorPager, queryString, useServerPage } from '../../server-table.js';
import {
  beijing,
  CategoryTag,
  categoryCodes,
  categoryLabel,
  complaintKindLabel,
  complaintStatusLabel,
  ComplaintStatusTag,
  TimeLeft,
  UncertainTag,
  useContentRights,
  useNow,
  type Complaint,
  type ComplaintChannel,
  type ComplaintList,
  labelOf,
} from './shared.js';

const closedStatuses: readonly Complaint['status'][] = ['closed', 'rejected'];

/**
 * 投诉举报 (CSL 2025 Art 51): the channel's published contacts, and the
 * complaints and reports that came in through the public page, with their
 * handling clock; triage, replies and closing on the detail.
 */
export function ComplaintsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const now = useNow();
  const [status, setStatus] = useState<string | undefined>();
  const [overdue, setOverdue] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const list = useServerPage<ComplaintList, 'complaints'>(
    '/api/content/complaints',
    'complaints',
    queryString({ status, overdue, q: q.trim() }),
    { onError },
  );
  const filtered = Boolean(status || overdue || q.trim());
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="content-complaints">
      <ChannelCard />
      <Space wrap>
        <Select
          allowClear
          placeholder={t('Status')}
          style={{ width: 150 }}
          value={status}
          onChange={setStatus}
          data-testid="complaints-status"
          options={complaintStatuses.map((s) => ({ value: s, label: t(complaintStatusLabel[s]) }))}
        />
        <Select
          allowClear
          placeholder={t('Deadline')}
          style={{ width: 160 }}
          value={overdue}
          onChange={setOverdue}
          data-testid="complaints-overdue"
          options={[{ value: 'true', label: t('overdue') }]}
        />
        <Input.Search
          allowClear
          placeholder={t('Search: reference, subject or text')}
          style={{ width: 280 }}
          onSearch={setQ}
          data-testid="complaints-q"
        />
      </Space>
      <Table<Complaint>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid="complaints-table"
        onRow={(c) =>
          ({
            'data-testid': `complaint-${c.reference}`,
            onClick: () => setOpen(c.id),
            style: { cursor: 'pointer' },
          }) as React.HTMLAttributes<HTMLElement>
        }
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                filtered
                  ? t('No complaint matches.')
                  : t(
                      'No complaint or report yet. They arrive through the public page at /public/complaints: publish the channel’s contacts above and link to that page from your site.',
                    )
              }
            />
          ),
        }}
        columns={[
          {
            title: t('Case reference'),
            width: 150,
            render: (_, c) => (
              <Typography.Text strong data-testid="complaint-reference">
                {c.reference}
              </Typography.Text>
            ),
          },
          {
            title: t('Subject'),
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Typography.Text ellipsis={{ tooltip: c.subject }}>{c.subject}</Typography.Text>
                <Space size={2} wrap>
                  <Tag>{t(complaintKindLabel[c.kind])}</Tag>
                  <CategoryTag category={c.category} />
                </Space>
              </Space>
            ),
          },
          { title: t('Received (Beijing time)'), width: 140, render: (_, c) => beijing(c.receivedAt) },
          {
            title: t('Due'),
            width: 190,
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Space size={4}>
                  {beijing(c.dueAt)}
                  {c.dueEstimated && (
                    <Tag color="orange" data-testid="due-estimated">
                      {t('estimated calendar')}
                    </Tag>
                  )}
                </Space>
                <TimeLeft
                  dueAt={c.dueAt}
                  now={now}
                  done={closedStatuses.includes(c.status) || c.status === 'answered'}
                />
              </Space>
            ),
          },
          { title: t('Assignee'), width: 120, ellipsis: true, render: (_, c) => c.assignee ?? '—' },
          {
            title: t('Status'),
            width: 130,
            render: (_, c) => (
              <Space size={2} wrap>
                <ComplaintStatusTag status={c.status} />
                {c.overdue && (
                  <Tag color="red" data-testid="complaint-overdue">
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
        testId="complaints-pager"
      />
      {open && <ComplaintDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />}
    </Space>
  );
}

/** The channel's published contacts (Art 51: the public page shows them), editable by those who publish. */
function ChannelCard() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const onField = useErrorOnField();
  const rights = useContentRights();
  const [channel, setChannel] = useState<ComplaintChannel | null>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const [form] = Form.useForm<{
    phone?: string;
    email?: string;
    address?: string;
    webForm?: string;
    hoursZh?: string;
    hoursEn?: string;
  }>();
  useEffect(() => {
    let live = true;
    api<ComplaintChannel>('GET', '/api/public/content/channel').then(
      (c) => live && setChannel(c),
      (e: unknown) => live && message.error(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [tick, message, errorText]);
  const save = async () => {
    const v = await form.validateFields();
    const orNull = (s?: string) => (s?.trim() ? s.trim() : null);
    setBusy(true);
    try {
      await api('PUT', '/api/content/channel', {
        phone: orNull(v.phone),
        email: orNull(v.email),
        address: orNull(v.address),
        webForm: orNull(v.webForm),
        hours:
          v.hoursZh?.trim() || v.hoursEn?.trim()
            ? { zh: v.hoursZh?.trim() ?? '', en: v.hoursEn?.trim() ?? '' }
            : null,
      });
      message.success(t('The channel’s contacts are published.'));
      setEditing(false);
      setTick((n) => n + 1);
    } catch (e) {
      if (!onField(form, e)) message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  if (!channel) return null;
  const published = channel.publishedAt !== null;
  return (
    <Card
      size="small"
      title={t('The published complaint and reporting channel')}
      data-testid="channel-card"
      extra={
        rights.publishChannel && (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => {
              form.setFieldsValue({
                phone: channel.phone ?? '',
                email: channel.email ?? '',
                address: channel.address ?? '',
                webForm: channel.webForm ?? '',
                hoursZh: channel.hours?.zh ?? '',
                hoursEn: channel.hours?.en ?? '',
              });
              setEditing(true);
            }}
            data-testid="channel-edit"
          >
            {published ? t('Edit') : t('Publish')}
          </Button>
        )
      }
    >
      {!published && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="channel-unpublished"
          message={t(
            'The channel is not published yet: Art 51 asks for the ways to complain and report to be made public. Give at least a phone number or an e-mail address.',
          )}
        />
      )}
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('Organisation name')}>{channel.organisation}</Descriptions.Item>
        <Descriptions.Item label={t('Phone')}>{channel.phone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('E-mail')}>{channel.email ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('Postal address')}>{channel.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('Web form')}>
          <Space size={4}>
            {channel.webForm ?? '/public/complaints'}
            <Typography.Link href="/public/complaints" target="_blank" data-testid="public-page-link">
              {t('open the public page')}
            </Typography.Link>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('Hours')}>{channel.hours?.[lang] ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('Handling time')}>
          <Space size={4}>
            {t('{{n}} working days', { n: channel.handlingWorkingDays })}
            {channel.handlingUncertain && <UncertainTag />}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('Published')}>{beijing(channel.publishedAt)}</Descriptions.Item>
      </Descriptions>
      {editing && (
        <Modal
          open
          title={t('The channel’s published contacts')}
          okText={t('Publish')}
          cancelText={t('Cancel')}
          confirmLoading={busy}
          onOk={() => void save()}
          onCancel={() => setEditing(false)}
          data-testid="channel-form"
        >
          <Form form={form} layout="vertical">
            <Form.Item name="phone" label={t('Phone')}>
              <Input maxLength={50} data-testid="channel-phone" />
            </Form.Item>
            <Form.Item
              name="email"
              label={t('E-mail')}
              rules={[{ type: 'email', message: t('Give a valid e-mail address.') }]}
            >
              <Input maxLength={200} data-testid="channel-email" />
            </Form.Item>
            <Form.Item name="address" label={t('Postal address')}>
              <Input maxLength={500} />
            </Form.Item>
            <Form.Item
              name="webForm"
              label={t('Web form address')}
              extra={t('Leave empty to use this product’s public page.')}
            >
              <Input maxLength={2000} />
            </Form.Item>
            <Space wrap>
              <Form.Item name="hoursZh" label={t('Hours (Chinese)')}>
                <Input maxLength={200} placeholder="工作日 9:00-17:00" />
              </Form.Item>
              <Form.Item name="hoursEn" label={t('Hours (English)')}>
                <Input maxLength={200} placeholder="Working days 9:00-17:00" />
              </Form.Item>
            </Space>
          </Form>
        </Modal>
      )}
    </Card>
  );
}

function ComplaintDrawer({
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
  const { me } = useAuth();
  const now = useNow();
  const [c, setC] = useState<Complaint | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [contact, setContact] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [replyForm] = Form.useForm<{ body: string; public: boolean }>();
  const [closeForm] = Form.useForm<{ outcome: string }>();
  const [triageForm] = Form.useForm<{ category: string; assignee?: string; note?: string }>();
  const load = useCallback(() => {
    api<Complaint>('GET', `/api/content/complaints/${id}`).then(
      (x) => {
        setC(x);
        triageForm.setFieldsValue({ category: x.category, assignee: x.assignee ?? undefined });
      },
      (e: unknown) => setError(errorText(e)),
    );
  }, [id, errorText, triageForm]);
  useEffect(load, [load]);

  const run = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await what();
      message.success(done);
      load();
      onChanged();
      return true;
    } catch (e) {
      message.error(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  if (error)
    return (
      <Drawer open onClose={onClose} width={760}>
        <Alert type="error" showIcon message={error} />
      </Drawer>
    );
  const isClosed = c ? closedStatuses.includes(c.status) : false;
  const take = () =>
    c &&
    run(
      () =>
        api('PATCH', `/api/content/complaints/${c.id}`, {
          version: c.version,
          status: 'in_progress',
          assignee: me?.user.username ?? null,
        }),
      t('You handle it now.'),
    );
  const triage = async () => {
    if (!c) return;
    const v = await triageForm.validateFields();
    await run(
      () =>
        api('PATCH', `/api/content/complaints/${c.id}`, {
          version: c.version,
          category: v.category,
          assignee: v.assignee?.trim() ? v.assignee.trim() : null,
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        }),
      t('Saved.'),
    );
  };
  const reject = () =>
    c &&
    run(
      () => api('PATCH', `/api/content/complaints/${c.id}`, { version: c.version, status: 'rejected' }),
      t('Rejected.'),
    );
  const reply = async () => {
    if (!c) return;
    const v = await replyForm.validateFields();
    if (
      await run(
        () =>
          api('POST', `/api/content/complaints/${c.id}/replies`, { body: v.body.trim(), public: v.public }),
        v.public ? t('Reply sent: the complainant sees it on the tracking page.') : t('Internal note saved.'),
      )
    )
      replyForm.resetFields();
  };
  const close = async () => {
    if (!c) return;
    const v = await closeForm.validateFields();
    await run(
      () => api('POST', `/api/content/complaints/${c.id}/close`, { outcome: v.outcome.trim() }),
      t('Closed.'),
    );
  };
  const reveal = async () => {
    if (!c) return;
    try {
      const r = await api<Complaint>('POST', `/api/content/complaints/${c.id}/contact`, {});
      setContact(r.contact ?? '—');
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Drawer
      open
      width={780}
      onClose={onClose}
      title={c ? `${c.reference} · ${c.subject}` : t('Complaint')}
      data-testid="complaint-drawer"
    >
      {c && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('Status')}>
              <ComplaintStatusTag status={c.status} />
              {c.overdue && <Tag color="red">{t('overdue')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('Kind')}>{t(complaintKindLabel[c.kind])}</Descriptions.Item>
            <Descriptions.Item label={t('Received (Beijing time)')}>
              {beijing(c.receivedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('Due (Beijing time)')}>
              <Space size={4} wrap data-testid="complaint-due">
                {beijing(c.dueAt)}
                {c.dueEstimated && <Tag color="orange">{t('estimated calendar')}</Tag>}
                <TimeLeft dueAt={c.dueAt} now={now} done={isClosed || c.status === 'answered'} />
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('Content category')}>
              <CategoryTag category={c.category} />
            </Descriptions.Item>
            <Descriptions.Item label={t('Assignee')}>
              <span data-testid="complaint-assignee">{c.assignee ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('Where the content is')} span={2}>
              {c.target ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('Contact')} span={2}>
              <Space size={4} wrap>
                <span data-testid="complaint-contact">{contact ?? c.contact ?? '—'}</span>
                {c.contact && c.contactVerified && <Tag color="green">{t('verified')}</Tag>}
                {c.contact && contact === null && rights.revealContact && (
                  <Button
                    size="small"
                    icon={<EyeOutlined />}
                    onClick={() => void reveal()}
                    data-testid="contact-reveal"
                  >
                    {t('Show the contact')}
                  </Button>
                )}
                {c.contact && contact === null && rights.revealContact && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('Each reveal is recorded in the audit trail.')}
                  </Typography.Text>
                )}
              </Space>
            </Descriptions.Item>
            {c.outcome && (
              <Descriptions.Item label={t('Outcome')} span={2}>
                <span data-testid="complaint-outcome">{c.outcome}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Card size="small" title={t('What they wrote')}>
            <Typography.Paragraph
              style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}
              data-testid="complaint-body"
            >
              {c.body}
            </Typography.Paragraph>
          </Card>
          {!isClosed && rights.triageComplaint && (
            <Card size="small" title={t('Triage')} data-testid="complaint-triage">
              <Space direction="vertical" style={{ width: '100%' }}>
                {c.assignee !== me?.user.username && (
                  <Button
                    icon={<UserAddOutlined />}
                    onClick={() => void take()}
                    loading={busy}
                    data-testid="complaint-take"
                  >
                    {t('Take it')}
                  </Button>
                )}
                <Form form={triageForm} layout="inline">
                  <Form.Item name="category" label={t('Content category')}>
                    <Select
                      style={{ width: 200 }}
                      options={[...new Set([c.category, ...categoryCodes])].map((x) => ({
                        value: x,
                        label: labelOf(t, categoryLabel, x),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item name="assignee" label={t('Assignee')}>
                    <Input maxLength={100} style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item name="note" label={t('Note')}>
                    <Input maxLength={2000} style={{ width: 180 }} />
                  </Form.Item>
                  <Button onClick={() => void triage()} loading={busy}>
                    {t('Save')}
                  </Button>
                </Form>
                <Button
                  danger
                  size="small"
                  onClick={() => void reject()}
                  loading={busy}
                  data-testid="complaint-reject"
                >
                  {t('Reject as unfounded or out of scope')}
                </Button>
              </Space>
            </Card>
          )}
          <Card size="small" title={t('Replies and notes')} data-testid="complaint-replies">
            {c.replies.length === 0 ? (
              <Typography.Text type="secondary">{t('No reply yet.')}</Typography.Text>
            ) : (
              <Space direction="vertical" style={{ width: '100%' }}>
                {c.replies.map((r) => (
                  <div key={r.id} data-testid="complaint-reply">
                    <Space size={4}>
                      <Tag color={r.public ? 'blue' : 'default'}>
                        {r.public ? t('public reply') : t('internal note')}
                      </Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.by} · {beijing(r.at)}
                      </Typography.Text>
                    </Space>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>
                      {r.body}
                    </Typography.Paragraph>
                  </div>
                ))}
              </Space>
            )}
            {!isClosed && rights.replyComplaint && (
              <Form
                form={replyForm}
                layout="vertical"
                initialValues={{ public: true }}
                style={{ marginTop: 12 }}
              >
                <Form.Item
                  name="body"
                  label={t('New reply')}
                  rules={[{ required: true, whitespace: true, message: t('Write the reply.') }]}
                >
                  <Input.TextArea rows={3} maxLength={10000} data-testid="reply-body" />
                </Form.Item>
                <Space>
                  <Form.Item name="public" valuePropName="checked" noStyle>
                    <Switch data-testid="reply-public" />
                  </Form.Item>
                  <Typography.Text>{t('Shown to the complainant')}</Typography.Text>
                  <Button type="primary" onClick={() => void reply()} loading={busy} data-testid="reply-send">
                    {t('Send')}
                  </Button>
                </Space>
              </Form>
            )}
          </Card>
          {!isClosed && rights.closeComplaint && (
            <Card size="small" title={t('Close')}>
              <Form form={closeForm} layout="vertical">
                <Form.Item
                  name="outcome"
                  label={t('Outcome')}
                  rules={[{ required: true, whitespace: true, message: t('Give the outcome.') }]}
                >
                  <Input.TextArea rows={2} maxLength={2000} data-testid="close-outcome" />
                </Form.Item>
                <Button onClick={() => void close()} loading={busy} data-testid="complaint-close">
                  {t('Close the case')}
                </Button>
              </Form>
            </Card>
          )}
        </Space>
      )}
    </Drawer>
  );
}
