import { App, Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelKinds } from '../../../contract/channels.js';
import type { Channel, ChannelList, Deliveries } from '../../../contract/notifications.js';
import { api } from '../api.js';
import { useErrorOnField, useErrorText } from '../error-text.js';

/** Reminder channels: e-mail and DingTalk / WeCom / Feishu robots (Settings tab). */
export function ChannelsTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [channels, setChannels] = useState<Channel[]>([]);
  const [form] = Form.useForm<{ kind: string; name: string; target: string; secret?: string }>();

  const load = useCallback(() => {
    api<ChannelList>('GET', '/api/notifications/channels').then(
      (r) => setChannels(r.channels),
      (e: Error) => void message.error(errorText(e)),
    );
  }, [message, errorText]);
  useEffect(load, [load]);

  const add = async (v: { kind: string; name: string; target: string; secret?: string }) => {
    try {
      await api('POST', '/api/notifications/channels', { ...v, secret: v.secret || undefined });
      form.resetFields();
      load();
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    }
  };

  const test = async () => {
    try {
      const r = await api<Deliveries>('POST', '/api/notifications/test', {});
      for (const d of r.deliveries)
        void (d.ok
          ? message.success(`${d.channel}: ${t('delivered')}`)
          : message.error(`${d.channel}: ${d.error}`));
      if (r.deliveries.length === 0) void message.info(t('No channel yet.'));
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        {t(
          'Every morning (09:00 Beijing time) wangan sends the duties that are overdue or due soon to these channels.',
        )}
      </Typography.Paragraph>
      {canEdit && (
        <Form form={form} layout="inline" onFinish={add} initialValues={{ kind: 'dingtalk' }}>
          <Form.Item name="kind">
            <Select
              style={{ width: 140 }}
              options={channelKinds.map((k) => ({
                value: k,
                label: t(`channel.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true, message: t('Enter a name.') }]}>
            <Input placeholder={t('Name')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="target"
            rules={[{ required: true, message: t('Enter the webhook URL or e-mail address.') }]}
          >
            <Input placeholder={t('Webhook URL or e-mail address')} style={{ width: 320 }} />
          </Form.Item>
          <Form.Item name="secret">
            <Input.Password placeholder={t('Signing secret (optional)')} style={{ width: 200 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('Add')}
          </Button>
          <Button onClick={() => void test()} style={{ marginLeft: 8 }}>
            {t('Send a test message')}
          </Button>
        </Form>
      )}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={channels}
        columns={[
          { title: t('Name'), dataIndex: 'name' },
          { title: t('Kind'), dataIndex: 'kind', render: (k: string) => <Tag>{t(`channel.${k}`)}</Tag> },
          { title: t('Target'), dataIndex: 'target' },
          { title: t('Signed'), dataIndex: 'hasSecret', render: (v: boolean) => (v ? t('Yes') : t('No')) },
          {
            title: '',
            render: (_: unknown, c: Channel) =>
              canEdit && (
                <Button
                  size="small"
                  danger
                  onClick={() => void api('DELETE', `/api/notifications/channels/${c.id}`).then(load)}
                >
                  {t('Remove')}
                </Button>
              ),
          },
        ]}
      />
    </Space>
  );
}
