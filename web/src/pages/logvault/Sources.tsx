import {
  EditOutlined,
  LockOutlined,
  SearchOutlined,
  UnlockOutlined,
  BarChartOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { MlpsOverview } from '../../../../contract/governance.js';
import { api, ApiError } from '../../api.js';
import { shanghaiDateTime } from '../../deadline-format.js';
import { clearErrorsOnChange, useErrorOnField, useErrorText } from '../../error-text.js';
import { validValues } from '../../form-values.js';
import { CursorPager, queryString, useServerPage } from '../../server-table.js';
import { ActivityChart } from './Activity.js';
import { sourceName, useLogvaultRights, type SourcePage, type SourceView } from './shared.js';

type Editable = Pick<SourceView, 'name' | 'owner' | 'expectedPerHour' | 'systemId' | 'zone' | 'retired'>;

/**
 * 日志源: every device or service the vault has heard from (registered by
 * address and hostname as events come), with its coverage against six months,
 * whether it went quiet, its legal hold, an edit drawer and its hourly activity.
 */
export function SourcesPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const rights = useLogvaultRights();
  const [q, setQ] = useState('');
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState<SourceView | null>(null);
  const [holding, setHolding] = useState<SourceView | null>(null);
  const [activity, setActivity] = useState<SourceView | null>(null);
  const systems = useSystems();
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const list = useServerPage<SourcePage, 'sources'>(
    '/api/logvault/sources',
    'sources',
    queryString({ q: q.trim() }),
    {
      onError,
    },
  );
  const empty = !list.loading && list.items.length === 0 && list.page === 1 && !q.trim();

  if (empty) return <NoSources />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="logvault-sources">
      <Space>
        <Input
          allowClear
          placeholder={t('Search: name, hostname, address or owner')}
          style={{ width: 300 }}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            if (!e.target.value) setQ('');
          }}
          onPressEnter={() => setQ(draft)}
          data-testid="sources-q"
        />
        <Button icon={<SearchOutlined />} onClick={() => setQ(draft)}>
          {t('Search')}
        </Button>
      </Space>
      <Table<SourceView>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid="sources-table"
        locale={{ emptyText: t('No source matches.') }}
        onRow={(s) => ({ 'data-testid': `source-${s.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('Log source'),
            render: (_, s) => (
              <Space direction="vertical" size={0}>
                <Space size={4} wrap>
                  <Typography.Text strong data-testid="source-name">
                    {sourceName(s)}
                  </Typography.Text>
                  {s.quiet && !s.retired && (
                    <Tooltip title={t('Nothing came for longer than this source usually stays silent.')}>
                      <Tag color="orange" data-testid="source-quiet">
                        {t('quiet')}
                      </Tag>
                    </Tooltip>
                  )}
                  {s.retired && <Tag>{t('retired')}</Tag>}
                  {s.hold && (
                    <Tooltip title={`${s.hold.reason} (${s.hold.by}, ${shanghaiDateTime(s.hold.since)})`}>
                      <Tag color="purple" icon={<LockOutlined />} data-testid="source-hold">
                        {t('legal hold')}
                      </Tag>
                    </Tooltip>
                  )}
                </Space>
                {s.name && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[s.hostname, s.address].filter(Boolean).join(' · ')}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: t('Owner'),
            width: 120,
            ellipsis: true,
            render: (_, s) => <span data-testid="source-owner">{s.owner ?? '—'}</span>,
          },
          {
            title: t('MLPS system'),
            width: 140,
            ellipsis: true,
            render: (_, s) => (s.systemId ? (systems.get(s.systemId) ?? s.systemId) : '—'),
          },
          {
            title: t('Expected per hour'),
            width: 100,
            render: (_, s) => s.expectedPerHour?.toLocaleString() ?? '—',
          },
          {
            title: t('Last seen (Beijing time)'),
            width: 140,
            render: (_, s) => shanghaiDateTime(s.lastSeen),
          },
          { title: t('Last 24 hours'), width: 100, render: (_, s) => s.last24h.toLocaleString() },
          { title: t('Coverage'), width: 200, render: (_, s) => <Coverage source={s} /> },
          {
            title: t('Actions'),
            width: 150,
            render: (_, s) => (
              <Space size={0} wrap>
                <Tooltip title={t('Hourly activity')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<BarChartOutlined />}
                    aria-label={t('Hourly activity')}
                    onClick={() => setActivity(s)}
                    data-testid="source-activity"
                  />
                </Tooltip>
                {rights.editSource && (
                  <Tooltip title={t('Edit')}>
                    <Button
                      type="text"
                      size="small"
                      icon={<EditOutlined />}
                      aria-label={t('Edit')}
                      onClick={() => setEditing(s)}
                      data-testid="source-edit"
                    />
                  </Tooltip>
                )}
                {(s.hold ? rights.liftHold : rights.placeHold) && (
                  <Tooltip title={s.hold ? t('Lift the legal hold') : t('Place a legal hold')}>
                    <Button
                      type="text"
                      size="small"
                      icon={s.hold ? <UnlockOutlined /> : <LockOutlined />}
                      aria-label={s.hold ? t('Lift the legal hold') : t('Place a legal hold')}
                      onClick={() => setHolding(s)}
                      data-testid={s.hold ? 'source-lift-hold' : 'source-place-hold'}
                    />
                  </Tooltip>
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
        testId="sources-pager"
      />
      {editing && (
        <EditSource
          source={editing}
          systems={systems}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
      {holding && (
        <HoldModal
          source={holding}
          onClose={() => setHolding(null)}
          onDone={() => {
            setHolding(null);
            list.reload();
          }}
        />
      )}
      {activity && <ActivityModal source={activity} onClose={() => setActivity(null)} />}
    </Space>
  );
}

/** Oldest day kept against the oldest day the law asks for today; days short in red. */
function Coverage({ source }: { source: SourceView }) {
  const { t } = useTranslation();
  const c = source.coverage;
  return (
    <Space direction="vertical" size={0} data-testid="source-coverage">
      <Typography.Text style={{ fontSize: 12 }}>
        {t('kept from {{oldest}}, required from {{required}}', {
          oldest: c.oldestKept ?? '—',
          required: c.required,
        })}
      </Typography.Text>
      {c.shortDays > 0 ? (
        <Typography.Text type="danger" strong style={{ fontSize: 12 }} data-testid="coverage-short">
          {t('{{n}} days short', { n: c.shortDays, count: c.shortDays })}
        </Typography.Text>
      ) : (
        <Typography.Text type="success" style={{ fontSize: 12 }}>
          {c.sinceStart ? t('complete since the vault started') : t('six months complete')}
        </Typography.Text>
      )}
    </Space>
  );
}

/** The MLPS register's systems by id (for the source's system), read once. */
function useSystems(): Map<string, string> {
  const [systems, setSystems] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    api<MlpsOverview>('GET', '/api/governance/mlps').then(
      (o) => live && setSystems(new Map(o.systems.map((s) => [s.id, s.name]))),
      (e: unknown) => console.warn(e),
    );
    return () => {
      live = false;
    };
  }, []);
  return systems;
}

/** What to do first when nothing has arrived yet. */
function NoSources() {
  const { t } = useTranslation();
  return (
    <Empty
      data-testid="sources-empty"
      description={
        <Space direction="vertical" style={{ maxWidth: 720, textAlign: 'left' }}>
          <Typography.Text strong>{t('No log has arrived yet.')}</Typography.Text>
          <Typography.Text>
            {t(
              'Sources register themselves by address and hostname as their first events arrive; name them, give them an owner and the expected volume here afterwards.',
            )}
          </Typography.Text>
          <Typography.Text>
            {t(
              'Syslog: point your firewalls, switches and servers at this server’s syslog port. The listeners are off until enabled with the environment variables WANGAN_LOGVAULT_UDP, WANGAN_LOGVAULT_TCP or WANGAN_LOGVAULT_TLS (the overview shows which are on).',
            )}
          </Typography.Text>
          <Typography.Text>
            {t('Over HTTP: create a token with the scope "log vault: send logs" for a service account under')}{' '}
            <Link to="/settings">{t('Settings → API tokens')}</Link>
            {t(
              ', and have your shipper post events to /api/logvault/events (a JSON array or one JSON object a line).',
            )}
          </Typography.Text>
        </Space>
      }
    />
  );
}

/** The edit drawer: sends only what changed, with the version it read (a 409 says someone saved first). */
function EditSource({
  source,
  systems,
  onClose,
  onSaved,
}: {
  source: SourceView;
  systems: Map<string, string>;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [form] = Form.useForm<Editable>();
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState(false);
  const initial: Editable = {
    name: source.name,
    owner: source.owner,
    expectedPerHour: source.expectedPerHour,
    systemId: source.systemId,
    zone: source.zone,
    retired: source.retired,
  };
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    const patch: Record<string, unknown> = { version: source.version };
    for (const key of Object.keys(initial) as (keyof Editable)[]) {
      const raw = v[key];
      const value =
        typeof raw === 'string' ? raw.trim() || null : (raw ?? (key === 'retired' ? false : null));
      if (value !== initial[key]) patch[key] = value;
    }
    if (Object.keys(patch).length === 1) return onClose();
    setSaving(true);
    try {
      await api('PATCH', `/api/logvault/sources/${encodeURIComponent(source.id)}`, patch);
      void message.success(t('Source saved.'));
      onSaved();
    } catch (e) {
      // Told in the drawer (not a dialog over it), with what was typed still there to copy.
      if (e instanceof ApiError && e.status === 409) setConflict(true);
      else if (!errorOnField(form, e)) void message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      open
      width={480}
      title={t('Edit source {{name}}', { name: sourceName(source) })}
      onClose={onClose}
      destroyOnHidden
      data-testid="source-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('Cancel')}</Button>
          <Button
            type="primary"
            loading={saving}
            disabled={conflict}
            onClick={() => void save()}
            data-testid="source-save"
          >
            {t('Save')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {t('Seen as {{what}} since {{since}}.', {
          what: [source.hostname, source.address].filter(Boolean).join(' · ') || source.id,
          since: shanghaiDateTime(source.firstSeen),
        })}
      </Typography.Paragraph>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="source-conflict"
          message={t('Someone saved this source first')}
          description={t(
            'Nothing of yours was saved. Reload to see their changes, then edit again from there.',
          )}
          action={
            <Button size="small" onClick={onSaved} data-testid="source-conflict-reload">
              {t('Reload')}
            </Button>
          }
        />
      )}
      <Form form={form} layout="vertical" initialValues={initial} onValuesChange={clearErrorsOnChange(form)}>
        <Form.Item name="name" label={t('Name')}>
          <Input maxLength={200} allowClear data-testid="source-name-input" />
        </Form.Item>
        <Form.Item name="owner" label={t('Owner')}>
          <Input maxLength={200} allowClear data-testid="source-owner-input" />
        </Form.Item>
        <Form.Item
          name="expectedPerHour"
          label={t('Events expected per hour')}
          extra={t(
            'With no event for three of its intervals (an hour at least), the source is flagged quiet and an alert opens; hours without events count as gaps.',
          )}
        >
          <InputNumber min={1} max={100_000_000} precision={0} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="systemId" label={t('MLPS system')}>
          <Select
            allowClear
            options={[...systems].map(([value, label]) => ({ value, label }))}
            placeholder={t('Not assigned')}
          />
        </Form.Item>
        <Form.Item
          name="zone"
          label={t('Time zone of device times without an offset')}
          extra={t('An IANA zone such as Asia/Shanghai (the default when empty).')}
        >
          <Input maxLength={64} allowClear />
        </Form.Item>
        <Form.Item
          name="retired"
          label={t('Retired')}
          valuePropName="checked"
          extra={t('A retired source no longer counts for the duty from the day after it last sent.')}
        >
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

/** Places or lifts a legal hold, with the reason (each a ledger record). */
function HoldModal({
  source,
  onClose,
  onDone,
}: {
  source: SourceView;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const lifting = !!source.hold;
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setSaving(true);
    try {
      await api(lifting ? 'DELETE' : 'PUT', `/api/logvault/sources/${encodeURIComponent(source.id)}/hold`, {
        reason: v.reason.trim(),
      });
      void message.success(
        lifting
          ? t('Legal hold lifted: its logs expire again under the retention policy.')
          : t('Legal hold placed: none of its logs leave while it holds, whatever their age.'),
      );
      onDone();
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={
        lifting
          ? t('Lift the legal hold on {{name}}', { name: sourceName(source) })
          : t('Place a legal hold on {{name}}', { name: sourceName(source) })
      }
      okText={lifting ? t('Lift the hold') : t('Place the hold')}
      cancelText={t('Cancel')}
      onOk={() => void submit()}
      confirmLoading={saving}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {lifting
          ? t('Placed by {{by}} on {{since}}: {{reason}}', {
              by: source.hold!.by,
              since: shanghaiDateTime(source.hold!.since),
              reason: source.hold!.reason,
            })
          : t(
              'While the hold stands, none of this source’s logs leave the vault, however old. Placing and lifting are recorded in the evidence ledger.',
            )}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" data-testid="hold-form">
        <Form.Item
          name="reason"
          label={lifting ? t('Why it is lifted') : t('Why it is placed')}
          rules={[{ required: true, whitespace: true, message: t('Give the reason.') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="hold-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ActivityModal({ source, onClose }: { source: SourceView; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      width={900}
      footer={null}
      title={t('Hourly activity of {{name}}', { name: sourceName(source) })}
      onCancel={onClose}
      destroyOnHidden
    >
      <ActivityChart source={source.id} />
    </Modal>
  );
}
