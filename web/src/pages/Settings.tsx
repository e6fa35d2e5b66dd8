import { DownloadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEvent, AuditEventPage } from '../../../contract/audit.js';
import {
  actorKindLabels,
  actorKinds,
  auditActionLabels,
  auditActionText,
  auditActorText,
  auditOutcome,
  auditOutcomeLabels,
  auditOutcomes,
  type ActorKind,
  type AuditOutcome,
} from '../../../contract/audit-actions.js';
import type { Dayjs } from 'dayjs';
import { CursorPager, queryString, useServerPage } from '../server-table.js';
import type { Credentials, PasswordReset, TokenPage, UserPage } from '../../../contract/auth.js';
import {
  api,
  roles,
  type ApiToken,
  type CreatedToken,
  type Me,
  type Organisation,
  type Profile,
  type Role,
  type User,
} from '../api.js';
import { useAuth } from '../auth.js';
import { CalendarTab } from './Calendar.js';
import { ChannelsTab } from './Channels.js';
import { LoadMore, usePaged } from '../paging.js';
import { ProfileBasics, ProfileCii, ProfilePersonalInformation, ProfileSystems } from '../profile-form.js';
import { clearErrorsOnChange, useErrorOnField, useErrorText } from '../error-text.js';
import { validValues } from '../form-values.js';

function OrganisationTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [form] = Form.useForm<Profile>();
  const [org, setOrg] = useState<Organisation | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api<Organisation>('GET', '/api/organisation').then(
      (o) => {
        setOrg(o);
        form.setFieldsValue(o.profile);
      },
      (e: Error) => void message.error(errorText(e)),
    );
  }, [form, message, errorText]);

  const save = async (profile: Profile) => {
    setSaving(true);
    try {
      const o = await api<Organisation>('PUT', '/api/organisation', { profile });
      setOrg(o);
      void message.success(t('Saved'));
    } catch (e) {
      if (!errorOnField(form, e, {}, 'profile')) void message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  if (!org) return null;
  return (
    <Form form={form} layout="vertical" onFinish={save} disabled={!canEdit} style={{ maxWidth: 760 }}>
      <ProfileBasics />
      <ProfileCii />
      <ProfilePersonalInformation />
      <ProfileSystems register />
      {canEdit && (
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('Save')}
        </Button>
      )}
    </Form>
  );
}

/**
 * An admin resets a person's password, typed or generated. Before: what it
 * ends (their sessions, and their tokens: a person's tokens end with their
 * password). After: the generated password, once.
 */
function ResetPasswordDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [form] = Form.useForm<{ mode: 'generate' | 'type'; password?: string }>();
  const mode = Form.useWatch('mode', form) ?? 'generate';
  const [held, setHeld] = useState<Credentials | null>(null);
  const [done, setDone] = useState<PasswordReset | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api<Credentials>('GET', `/api/users/${user.id}/credentials`).then(setHeld, () => setHeld(null));
  }, [user.id]);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    try {
      const body = v.mode === 'type' ? { password: v.password } : {};
      setDone(await api<PasswordReset>('POST', `/api/users/${user.id}/password`, body));
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('Reset the password of {{name}}', { name: user.username })}
      onCancel={onClose}
      onOk={done ? onClose : () => void submit()}
      okText={done ? t('Close') : t('Reset password')}
      okButtonProps={{ danger: !done, loading: busy, ...({ 'data-testid': 'reset-ok' } as object) }}
      cancelButtonProps={{ style: done ? { display: 'none' } : {} }}
    >
      {done ? (
        <div data-testid="reset-done">
          <Typography.Paragraph>
            {t('Done: {{sessions}} sessions ended, {{tokens}} tokens revoked.', {
              sessions: done.sessionsEnded,
              tokens: done.tokensRevoked,
            })}
          </Typography.Paragraph>
          {done.password && (
            <>
              <Typography.Paragraph>
                {t('The new password, shown only once: give it to them in person.')}
              </Typography.Paragraph>
              <Typography.Text code copyable data-testid="reset-password">
                {done.password}
              </Typography.Text>
            </>
          )}
        </div>
      ) : (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="reset-consequence"
            message={t(
              'Every session of this user ends, and every API token they hold is revoked: a person’s tokens end with their password. Scripts that must keep working belong on a service account.',
            )}
            description={
              held
                ? t('Now: {{sessions}} sessions and {{tokens}} active tokens.', {
                    sessions: held.sessions,
                    tokens: held.activeTokens,
                  })
                : undefined
            }
          />
          <Form form={form} layout="vertical" initialValues={{ mode: 'generate' }}>
            <Form.Item name="mode">
              <Radio.Group
                options={[
                  { value: 'generate', label: t('Generate a password') },
                  { value: 'type', label: t('Type a password') },
                ]}
              />
            </Form.Item>
            {mode === 'type' && (
              <Form.Item
                name="password"
                label={t('New password')}
                rules={[{ required: true, min: 10, message: t('At least 10 characters.') }]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            )}
          </Form>
        </>
      )}
    </Modal>
  );
}

/** The signed-in person's own account: their password. */
function AccountTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; repeat: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    try {
      await api('POST', '/api/auth/password', {
        currentPassword: v.currentPassword,
        newPassword: v.newPassword,
      });
      form.resetFields();
      void message.success(
        t('Password changed. Your other sessions have ended and your API tokens are revoked.'),
      );
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 420 }} data-testid="change-password">
      <Typography.Title level={5}>{t('Change your password')}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {t(
          'This session stays signed in; your other sessions end and your API tokens are revoked (create new ones afterwards).',
        )}
      </Typography.Paragraph>
      <Form.Item
        name="currentPassword"
        label={t('Current password')}
        rules={[{ required: true, message: t('Enter your current password.') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('New password')}
        rules={[{ required: true, min: 10, message: t('At least 10 characters.') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="repeat"
        label={t('New password again')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('Enter the new password again.') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('The two new passwords differ.'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" loading={busy} onClick={() => void submit()}>
        {t('Change password')}
      </Button>
    </Form>
  );
}

function UsersTab({ me }: { me: User }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const users = usePaged<UserPage, 'users'>('/api/users', 'users', { onError });
  const load = users.reload;

  const patch = async (id: string, body: Partial<{ role: Role; disabled: boolean }>) => {
    try {
      await api('PATCH', `/api/users/${id}`, body);
      load();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const [resetting, setResetting] = useState<User | null>(null);

  /** A role change says what it changes before it is made. */
  const confirmRole = async (u: User, role: Role) => {
    if (role === u.role) return;
    let held: Credentials | null = null;
    try {
      held = await api<Credentials>('GET', `/api/users/${u.id}/credentials?role=${role}`);
    } catch {
      held = null;
    }
    modal.confirm({
      title: t('Change the role of {{name}}?', { name: u.username }),
      okText: t('Change the role'),
      cancelText: t('Cancel'),
      content: (
        <div data-testid="role-confirm">
          <Typography.Paragraph>
            {t('From {{from}} to {{to}}.', { from: t(`role.${u.role}`), to: t(`role.${role}`) })}
          </Typography.Paragraph>
          <Typography.Paragraph>
            {t('What they may see and do follows the new role from their next request; they stay signed in.')}
          </Typography.Paragraph>
          {held?.roleChange && held.roleChange.tokensNarrowed + held.roleChange.tokensRevoked > 0 && (
            <Typography.Paragraph>
              {t(
                'The new role only reads: {{narrowed}} of their tokens become read-only and {{revoked}} are revoked.',
                { narrowed: held.roleChange.tokensNarrowed, revoked: held.roleChange.tokensRevoked },
              )}
            </Typography.Paragraph>
          )}
          {held && (
            <Typography.Text type="secondary">
              {t('They have {{count}} active API tokens.', { count: held.activeTokens })}
            </Typography.Text>
          )}
        </div>
      ),
      onOk: () => patch(u.id, { role }),
    });
  };

  const create = async () => {
    const values = await validValues(form);
    if (!values) return;
    try {
      await api('POST', '/api/users', values);
      setOpen(false);
      form.resetFields();
      load();
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    }
  };

  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => setOpen(true)}
        style={{ marginBottom: 16 }}
      >
        {t('Add user')}
      </Button>
      <Table
        rowKey="id"
        dataSource={users.items}
        pagination={false}
        columns={[
          { title: t('Username'), dataIndex: 'username' },
          { title: t('Display name'), dataIndex: 'displayName' },
          {
            title: t('Role'),
            dataIndex: 'role',
            render: (role: Role, u: User) => (
              <Select
                value={role}
                style={{ width: 200 }}
                data-testid={`role-${u.username}`}
                onChange={(r) => void confirmRole(u, r)}
                options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              />
            ),
          },
          {
            title: t('Active'),
            dataIndex: 'disabled',
            render: (disabled: boolean, u: User) => (
              <Switch
                checked={!disabled}
                disabled={u.id === me.id}
                onChange={(on) => void patch(u.id, { disabled: !on })}
              />
            ),
          },
          {
            title: t('Last sign-in'),
            dataIndex: 'lastLoginAt',
            render: (v: string | null) => (v ? new Date(v).toLocaleString() : '—'),
          },
          {
            title: t('Password'),
            key: 'password',
            render: (_: unknown, u: User) =>
              u.kind === 'person' && (
                <Button size="small" onClick={() => setResetting(u)} data-testid={`reset-${u.username}`}>
                  {t('Reset password')}
                </Button>
              ),
          },
        ]}
      />
      <LoadMore next={users.next} loading={users.loading} onClick={users.loadMore} />
      {resetting && (
        <ResetPasswordDialog
          user={resetting}
          onClose={() => {
            setResetting(null);
            load();
          }}
        />
      )}
      <Modal
        open={open}
        title={t('Add user')}
        onOk={() => void create()}
        onCancel={() => setOpen(false)}
        okText={t('Save')}
      >
        <Form form={form} layout="vertical" onValuesChange={clearErrorsOnChange(form)}>
          <Form.Item
            name="username"
            label={t('Username')}
            rules={[
              {
                required: true,
                pattern: /^[a-zA-Z0-9._-]{2,64}$/,
                message: t('2 to 64 letters, digits, dots, hyphens or underscores.'),
              },
            ]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="displayName" label={t('Display name')}>
            <Input />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('E-mail')}
            rules={[{ type: 'email', message: t('Enter a valid e-mail address.') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('Role')} rules={[{ required: true, message: t('Choose a role.') }]}>
            <Select options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('Password')}
            rules={[{ required: true, min: 10, message: t('At least 10 characters.') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function TokensTab({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; write: boolean }>();
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const tokens = usePaged<TokenPage, 'tokens'>('/api/tokens', 'tokens', { onError });
  const load = tokens.reload;
  // The server says which scopes this user's own tokens may hold, and whether they may make any.
  const canCreate = me.can.includes('tokens.create');
  const mayWrite = me.tokenScopes.includes('write');

  const create = async (v: { name: string; write: boolean }) => {
    try {
      const created = await api<CreatedToken>('POST', '/api/tokens', {
        name: v.name,
        scopes: v.write ? ['read', 'write'] : ['read'],
      });
      setSecret(created.token);
      form.resetFields();
      load();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <>
      {canCreate && (
        <Form
          form={form}
          layout="inline"
          onFinish={create}
          style={{ marginBottom: 16 }}
          initialValues={{ write: false }}
        >
          <Form.Item name="name" rules={[{ required: true, message: t('Enter a name.') }]}>
            <Input placeholder={t('What the token is for')} />
          </Form.Item>
          <Form.Item name="write" valuePropName="checked">
            <Checkbox disabled={!mayWrite}>{t('May change data')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('Create token')}
          </Button>
        </Form>
      )}
      {secret && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Typography.Paragraph>{t('Copy the token now; it is shown only once.')}</Typography.Paragraph>
          <Typography.Text code copyable>
            {secret}
          </Typography.Text>
        </Card>
      )}
      <Table
        rowKey="id"
        dataSource={tokens.items}
        pagination={false}
        columns={[
          { title: t('Name'), dataIndex: 'name' },
          {
            title: t('Prefix'),
            dataIndex: 'prefix',
            render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
          },
          {
            title: t('Scopes'),
            dataIndex: 'scopes',
            render: (s: string[]) => s.map((x) => <Tag key={x}>{t(`scope.${x}`)}</Tag>),
          },
          {
            title: t('Created'),
            dataIndex: 'createdAt',
            render: (v: string) => new Date(v).toLocaleString(),
          },
          {
            title: t('Status'),
            dataIndex: 'revokedAt',
            render: (v: string | null, tok: ApiToken) =>
              v ? (
                <Tag>{t('Revoked')}</Tag>
              ) : (
                me.can.includes('tokens.revoke') && (
                  <Button
                    size="small"
                    danger
                    onClick={() => void api('DELETE', `/api/tokens/${tok.id}`).then(load)}
                  >
                    {t('Revoke')}
                  </Button>
                )
              ),
          },
        ]}
      />
      <LoadMore next={tokens.next} loading={tokens.loading} onClick={tokens.loadMore} />
    </>
  );
}

type AuditFilterValues = {
  q?: string;
  action?: string;
  kind?: ActorKind;
  outcome?: AuditOutcome;
  dates?: [Dayjs | null, Dayjs | null] | null;
  sort?: 'newest' | 'oldest';
};

/** The audit trail in words: searched, filtered and sorted on the server, exported with the same filters. */
function AuditTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const [form] = Form.useForm<AuditFilterValues>();
  const [filter, setFilter] = useState<AuditFilterValues>({ sort: 'newest' });
  const query = queryString({
    q: filter.q?.trim(),
    action: filter.action,
    kind: filter.kind,
    outcome: filter.outcome,
    from: filter.dates?.[0]?.format('YYYY-MM-DD'),
    to: filter.dates?.[1]?.format('YYYY-MM-DD'),
    sort: filter.sort,
  });
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const events = useServerPage<AuditEventPage, 'events'>('/api/audit-events', 'events', query, {
    pageSize: 50,
    onError,
  });
  const actionOptions = Object.entries(auditActionLabels)
    .map(([value, w]) => ({ value, label: w[lang] }))
    .sort((a, b) => a.label.localeCompare(b.label, lang === 'zh' ? 'zh-CN' : 'en'));
  const exportHref = `/api/audit-events.csv?${queryString({ lang })}${query ? `&${query}` : ''}`;
  return (
    <>
      <Form
        form={form}
        layout="inline"
        initialValues={{ sort: 'newest' }}
        onFinish={(v) => setFilter(v)}
        style={{ marginBottom: 16, rowGap: 8 }}
        data-testid="audit-filter"
      >
        <Form.Item name="q">
          <Input allowClear placeholder={t('Search: user, action, path, address')} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="action">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('Any action')}
            style={{ width: 200 }}
            options={actionOptions}
          />
        </Form.Item>
        <Form.Item name="kind">
          <Select
            allowClear
            placeholder={t('Anyone')}
            style={{ width: 160 }}
            options={actorKinds.map((k) => ({ value: k, label: actorKindLabels[k][lang] }))}
          />
        </Form.Item>
        <Form.Item name="outcome">
          <Select
            allowClear
            placeholder={t('Any result')}
            style={{ width: 130 }}
            options={auditOutcomes.map((o) => ({ value: o, label: auditOutcomeLabels[o][lang] }))}
          />
        </Form.Item>
        <Form.Item name="dates">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="sort">
          <Select
            style={{ width: 130 }}
            options={[
              { value: 'newest', label: t('Newest first') },
              { value: 'oldest', label: t('Oldest first') },
            ]}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
            {t('Search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({ sort: 'newest' });
            }}
          >
            {t('Reset')}
          </Button>
          <Button icon={<DownloadOutlined />} href={exportHref} data-testid="audit-export">
            {t('Export CSV')}
          </Button>
        </Space>
      </Form>
      <Table
        rowKey="id"
        size="small"
        loading={events.loading}
        dataSource={events.items}
        pagination={false}
        columns={[
          {
            title: t('Time'),
            dataIndex: 'at',
            render: (v: string) =>
              new Date(v).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai' }),
          },
          { title: t('Who'), key: 'who', render: (_: unknown, e: AuditEvent) => auditActorText(e, lang) },
          {
            title: t('Action'),
            dataIndex: 'action',
            render: (a: string, e: AuditEvent) => (
              <span title={a}>
                {auditActionText(a, lang)}
                {e.count > 1 ? ` ×${e.count}` : ''}
              </span>
            ),
          },
          {
            title: t('Result'),
            dataIndex: 'status',
            render: (s: number | null) => {
              const o = auditOutcome(s);
              return (
                <Tag color={o === 'ok' ? 'green' : o === 'refused' ? 'orange' : 'red'}>
                  {auditOutcomeLabels[o][lang]}
                  {s !== null ? ` ${s}` : ''}
                </Tag>
              );
            },
          },
          { title: t('Path'), dataIndex: 'path', render: (p: string | null) => p ?? '—' },
          { title: t('Address'), dataIndex: 'ip' },
        ]}
      />
      <CursorPager
        page={events.page}
        hasNext={events.hasNext}
        loading={events.loading}
        onPrev={events.goPrev}
        onNext={events.goNext}
        pageSize={events.pageSize}
        onPageSize={events.setPageSize}
      />
    </>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  if (!me) return null;
  // Which tabs and actions show is the server's `can`, never a role list of ours.
  const tabs = [
    {
      key: 'organisation',
      label: t('Organisation'),
      children: <OrganisationTab canEdit={can('organisation.update')} />,
    },
    ...(can('users.list') ? [{ key: 'users', label: t('Users'), children: <UsersTab me={me.user} /> }] : []),
    ...(me.user.kind === 'person' && me.via === 'session'
      ? [{ key: 'account', label: t('My account'), children: <AccountTab /> }]
      : []),
    { key: 'tokens', label: t('API tokens'), children: <TokensTab me={me} /> },
    ...(can('notifications.list')
      ? [
          {
            key: 'reminders',
            label: t('Reminders'),
            children: <ChannelsTab canEdit={can('notifications.add')} />,
          },
        ]
      : []),

    {
      key: 'calendar',
      label: t('Working-day calendar'),
      children: <CalendarTab canEdit={can('calendar.add_year')} />,
    },
    ...(can('audit.read') ? [{ key: 'audit', label: t('Audit trail'), children: <AuditTab /> }] : []),
  ];
  return (
    <>
      <Typography.Title level={3}>{t('Settings')}</Typography.Title>
      <Tabs items={tabs} />
    </>
  );
}
