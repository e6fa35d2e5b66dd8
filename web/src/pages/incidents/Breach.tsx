import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
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
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { breachAudiences, type breachDeliverySchema } from '../../../../contract/incidents.js';
import { clearErrorsOnChange, useErrorOnField, useErrorText } from '../../error-text.js';
import { validValues } from '../../form-values.js';
import { beijing, beijingToPicker, downloadHref, pickerToBeijing } from './shared.js';
import type { IncidentCatalog, IncidentView, Send } from './types.js';

type Delivery = z.infer<typeof breachDeliverySchema>;
type Audience = (typeof breachAudiences)[number];
const audienceLabel: Record<Audience, string> = {
  individuals: 'Individuals concerned',
  regulator: 'Regulator',
};
type DeliveryValues = {
  audience: Audience;
  channel: string;
  recipient: string;
  count?: number | null;
  deliveredAt: Dayjs;
};

/**
 * 个人信息泄露告知 (PIPL Art 57): the six contents of the notice, which are
 * still missing, the notices to download (individuals, regulator) and their
 * deliveries.
 */
export function BreachCard({
  incident,
  catalog,
  canWrite,
  send,
}: {
  incident: IncidentView;
  catalog: IncidentCatalog | null;
  canWrite: boolean;
  send: Send;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [form] = Form.useForm<Record<string, string>>();
  const [deliveryForm] = Form.useForm<DeliveryValues>();
  const [delivering, setDelivering] = useState(false);
  const breach = incident.breach;
  const items = catalog?.breachContents ?? [];
  const missing = breach ? breach.missing : items.map((i) => i.key);
  const base = `/api/incidents/${incident.id}/breach`;

  useEffect(() => {
    form.setFieldsValue({ ...(breach?.contents ?? {}) });
  }, [form, breach]);

  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    try {
      if (await send('PUT', base, { version: incident.version, contents: v }))
        void message.success(t('Notice saved'));
    } catch (e) {
      if (!errorOnField(form, e, {}, 'contents')) void message.error(errorText(e));
    }
  };

  const deliver = async () => {
    const v = await validValues(deliveryForm);
    if (!v) return;
    try {
      await send('POST', `${base}/deliveries`, {
        audience: v.audience,
        channel: v.channel,
        recipient: v.recipient,
        count: v.audience === 'individuals' ? (v.count ?? null) : null,
        deliveredAt: pickerToBeijing(v.deliveredAt),
      });
      void message.success(t('Delivery recorded in the evidence ledger'));
      setDelivering(false);
    } catch (e) {
      if (!errorOnField(deliveryForm, e)) void message.error(errorText(e));
    }
  };
  const audience = Form.useWatch('audience', deliveryForm);

  return (
    <Card size="small" title={t('Personal-information breach notice')} data-testid="breach-card">
      <Space direction="vertical" style={{ width: '100%' }}>
        {missing.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            data-testid="breach-missing"
            message={t('Still to be written before the notice can be delivered:')}
            description={
              <Space size={[4, 4]} wrap>
                {missing.map((k) => (
                  <Tag key={k} color="orange">
                    {items.find((i) => i.key === k)?.label[lang] ?? k}
                  </Tag>
                ))}
              </Space>
            }
          />
        ) : (
          <Alert type="success" showIcon message={t('Every content the law asks for is written.')} />
        )}
        <Form
          form={form}
          layout="vertical"
          name="breach"
          disabled={!canWrite}
          onValuesChange={clearErrorsOnChange(form)}
        >
          {items.map((i) => (
            <Form.Item key={i.key} name={i.key} label={i.label[lang]} style={{ marginBottom: 12 }}>
              <Input.TextArea rows={2} maxLength={5000} data-testid={`breach-${i.key}`} />
            </Form.Item>
          ))}
        </Form>
        {canWrite && (
          <Button onClick={() => void save()} data-testid="breach-save">
            {t('Save the notice')}
          </Button>
        )}
        <Space wrap>
          {breachAudiences.map((a) =>
            (['pdf', 'html'] as const).map((format) => (
              <Button
                key={`${a}-${format}`}
                size="small"
                icon={<DownloadOutlined />}
                disabled={!breach}
                href={breach ? downloadHref(`${base}/notice`, { audience: a, format }) : undefined}
              >
                {t(audienceLabel[a])} · {format === 'pdf' ? 'PDF' : 'HTML'}
              </Button>
            )),
          )}
        </Space>
        <Table<Delivery>
          rowKey="id"
          size="small"
          pagination={false}
          tableLayout="fixed"
          dataSource={breach?.deliveries ?? []}
          locale={{ emptyText: t('Not delivered yet.') }}
          columns={[
            { title: t('To'), render: (_, d) => t(audienceLabel[d.audience]) },
            { title: t('Recipient'), render: (_, d) => d.recipient },
            { title: t('Channel'), render: (_, d) => d.channel },
            { title: t('Individuals reached'), width: 110, render: (_, d) => d.count ?? '—' },
            { title: t('Delivered (Beijing time)'), width: 140, render: (_, d) => beijing(d.deliveredAt) },
          ]}
        />
        {canWrite && (
          <Button
            icon={<PlusOutlined />}
            disabled={!breach || missing.length > 0}
            onClick={() => {
              deliveryForm.setFieldsValue({
                audience: 'individuals',
                channel: '',
                recipient: '',
                count: null,
                deliveredAt: beijingToPicker(incident.now),
              });
              setDelivering(true);
            }}
            data-testid="breach-deliver"
          >
            {t('Record a delivery')}
          </Button>
        )}
      </Space>
      <Modal
        open={delivering}
        title={t('Record a delivery')}
        onOk={() => void deliver()}
        onCancel={() => setDelivering(false)}
        okText={t('Record')}
        forceRender
      >
        <Form
          form={deliveryForm}
          layout="vertical"
          name="breach-delivery"
          onValuesChange={clearErrorsOnChange(deliveryForm)}
        >
          <Form.Item name="audience" label={t('To')} rules={[{ required: true }]}>
            <Select options={breachAudiences.map((a) => ({ value: a, label: t(audienceLabel[a]) }))} />
          </Form.Item>
          <Form.Item
            name="recipient"
            label={t('Recipient')}
            rules={[{ required: true, whitespace: true, max: 500 }]}
            extra={t('Who received it: the users affected, or the department notified.')}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="channel"
            label={t('Channel')}
            rules={[{ required: true, whitespace: true, max: 200 }]}
          >
            <Input placeholder={t('Text message, e-mail, in-app notice, announcement…')} />
          </Form.Item>
          {audience === 'individuals' && (
            <Form.Item name="count" label={t('Individuals reached')}>
              <InputNumber min={0} precision={0} style={{ width: 200 }} />
            </Form.Item>
          )}
          <Form.Item name="deliveredAt" label={t('Delivered at (Beijing time)')} rules={[{ required: true }]}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm:ss" />
          </Form.Item>
        </Form>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('The notice as delivered is kept with its fingerprint (SHA-256).')}
        </Typography.Text>
      </Modal>
    </Card>
  );
}
