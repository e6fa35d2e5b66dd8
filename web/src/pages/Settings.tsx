import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Select,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEventPage } from '../../../contract/audit.js';
import type { TokenPage, UserPage } from '../../../contract/auth.js';
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
import { validValues } from '../form-values.js';

function OrganisationTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Profile>();
  const [org, setOrg] = useState<Organisation | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api<Organisation>('GET', '/api/organisation').then(
      (o) => {
        setOrg(o);
        form.setFieldsValue(o.profile);
      },
      (e: Error) => void message.error(e.message),
    );
  }, [form, message]);

  const save = async (profile: Profile) => {
    setSaving(true);
    try {
      const o = await api<Organisation>('PUT', '/api/organisation', { profile });
      setOrg(o);
      void message.success(t('Saved'));
    } catch (e) {
      void message.error((e as Error).message);
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
      <ProfileSystems />
      {canEdit && (
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('Save')}
        </Button>
      )}
    </Form>
  );
}

function UsersTab({ me }: { me: User }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const onError = useCallback((e: Error) => void message.error(e.message), [message]);
  const users = usePaged<UserPage, 'users'>('/api/users', 'users', { onError });
  const load = users.reload;

  const patch = async (id: string, body: Partial<{ role: Role; disabled: boolean }>) => {
    try {
      await api('PATCH', `/api/users/${id}`, body);
      load();
    } catch (e) {
      void message.error((e as Error).message);
    }
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
      void message.error((e as Error).message);
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
                onChange={(r) => void patch(u.id, { role: r })}
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
        ]}
      />
      <LoadMore next={users.next} loading={users.loading} onClick={users.loadMore} />
      <Modal
        open={open}
        title={t('Add user')}
        onOk={() => void create()}
        onCancel={() => setOpen(false)}
        okText={t('Save')}
      >
        <Form form={form} layout="vertical">
          <Form.Item
            name="username"
            label={t('Username')}
            rules={[{ required: true, pattern: /^[a-zA-Z0-9._-]{2,64}$/ }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="displayName" label={t('Display name')}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label={t('E-mail')} rules={[{ type: 'email' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('Role')} rules={[{ required: true }]}>
            <Select options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
          <Form.Item name="password" label={t('Password')} rules={[{ required: true, min: 10 }]}>
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
  const [secret, setSecret] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; write: boolean }>();
  const onError = useCallback((e: Error) => void message.error(e.message), [message]);
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
      void message.error((e as Error).message);
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
          <Form.Item name="name" rules={[{ required: true }]}>
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

function AuditTab() {
  const { t } = useTranslation();
  const events = usePaged<AuditEventPage, 'events'>('/api/audit-events', 'events', { limit: 200 });
  return (
    <>
      <Table
        rowKey="id"
        size="small"
        dataSource={events.items}
        columns={[
          { title: t('Time'), dataIndex: 'at', render: (v: string) => new Date(v).toLocaleString() },
          { title: t('Who'), dataIndex: 'actor' },
          { title: t('Action'), dataIndex: 'action' },
          { title: t('Result'), dataIndex: 'status' },
          { title: t('Address'), dataIndex: 'ip' },
        ]}
      />
      <LoadMore next={events.next} loading={events.loading} onClick={events.loadMore} />
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
