import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
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
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { verificationMethods } from '../../../../contract/identity.js';
import { api } from '../../api.js';
import { clearErrorsOnChange, useErrorOnField, useErrorText } from '../../error-text.js';
import { validValues } from '../../form-values.js';
import {
  beijing,
  labelOf,
  methodLabel,
  MethodTag,
  useIdentityRights,
  useColon,
  useDurationText,
  useLang,
  Validity,
  type IdentityStatus,
  type ServiceConfig,
  type ServiceList,
  type VerificationMethod,
} from './shared.js';

const keyPattern = /^[a-z0-9][a-z0-9._-]*$/;

interface FormValues {
  key: string;
  name: string;
  requires: VerificationMethod[];
  callers?: string[];
  days: Partial<Record<VerificationMethod, number | null>>;
}

/** Days of a "P<n>D" duration, else null (the form offers whole days). */
function daysOf(duration: string): number | null {
  const m = /^P(\d+)D$/.exec(duration);
  return m ? Number(m[1]) : null;
}

/**
 * 服务配置: each service the gate guards (the key the platform sends), the
 * verification its users must hold and how long each holds; admins and
 * compliance officers create and edit them. The methods are described from
 * the server's status.
 */
export function ServicesPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const lang = useLang();
  const rights = useIdentityRights();
  const duration = useDurationText();
  const colon = useColon();
  const [services, setServices] = useState<ServiceConfig[] | null>(null);
  const [status, setStatus] = useState<IdentityStatus | null>(null);
  const [editing, setEditing] = useState<ServiceConfig | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<FormValues>();

  const load = useCallback(() => {
    api<ServiceList>('GET', '/api/identity/services').then(
      (s) => setServices(s.services),
      (e: unknown) => void message.error(errorText(e)),
    );
  }, [message, errorText]);
  useEffect(load, [load]);
  useEffect(() => {
    api<IdentityStatus>('GET', '/api/identity/status').then(setStatus, (e: unknown) =>
      message.error(errorText(e)),
    );
  }, [message, errorText]);

  const open = (s: ServiceConfig | 'new') => {
    setEditing(s);
    form.resetFields();
    if (s === 'new') form.setFieldsValue({ key: '', name: '', requires: ['sms_otp'], callers: [], days: {} });
    else
      form.setFieldsValue({
        key: s.key,
        name: s.name,
        requires: s.requires,
        callers: s.callers,
        days: Object.fromEntries(
          verificationMethods.map((m) => {
            const v = s.validity[m];
            return [m, v && !v.uncertain ? daysOf(v.duration) : null];
          }),
        ),
      });
  };

  const save = async () => {
    const v = await validValues(form);
    if (!v || !editing) return;
    const key = editing === 'new' ? v.key.trim() : editing.key;
    const validity = Object.fromEntries(
      Object.entries(v.days ?? {})
        .filter(([, n]) => typeof n === 'number' && n > 0)
        .map(([m, n]) => [m, `P${n}D`]),
    );
    setSaving(true);
    try {
      await api('PUT', `/api/identity/services/${encodeURIComponent(key)}`, {
        name: v.name.trim(),
        requires: v.requires,
        callers: (v.callers ?? []).map((c) => c.trim()).filter((c) => c !== ''),
        ...(Object.keys(validity).length ? { validity } : {}),
      });
      void message.success(t('The service {{key}} is saved.', { key }));
      setEditing(null);
      load();
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const methods = status?.methods ?? [];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="identity-services">
      {rights.configure && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="service-new">
          {t('Add a service')}
        </Button>
      )}
      <Table<ServiceConfig>
        size="small"
        tableLayout="fixed"
        rowKey="key"
        loading={services === null}
        dataSource={services ?? []}
        pagination={false}
        data-testid="services-table"
        locale={{
          emptyText: t(
            'No service is configured: add the services your platform offers (forum, chat, cloud…) and the verification their users must hold.',
          ),
        }}
        onRow={(s) => ({ 'data-testid': `service-${s.key}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('Service'),
            render: (_, s) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{s.name}</Typography.Text>
                <Typography.Text type="secondary" code>
                  {s.key}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('Required verification'),
            width: 260,
            render: (_, s) => (
              <Space size={4} wrap>
                {s.requires.map((m) => (
                  <MethodTag key={m} method={m} />
                ))}
              </Space>
            ),
          },
          {
            title: t('Validity'),
            width: 340,
            render: (_, s) => (
              <Space direction="vertical" size={0}>
                {s.requires.map((m) => {
                  const v = s.validity[m];
                  return v ? (
                    <span key={m}>
                      {labelOf(t, methodLabel, m)}
                      {colon}
                      <Validity validity={v} />
                    </span>
                  ) : null;
                })}
              </Space>
            ),
          },
          {
            title: t('Service accounts that may call'),
            width: 180,
            render: (_, s) =>
              s.callers.length ? (
                <Space size={4} wrap>
                  {s.callers.map((c) => (
                    <Tag key={c}>{c}</Tag>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('None: only people in the console')}</Typography.Text>
              ),
          },
          {
            title: t('Last changed (Beijing time)'),
            width: 170,
            render: (_, s) => (
              <Space direction="vertical" size={0}>
                <span>{beijing(s.updatedAt)}</span>
                <Typography.Text type="secondary">{s.updatedBy}</Typography.Text>
              </Space>
            ),
          },
          ...(rights.configure
            ? [
                {
                  title: t('Actions'),
                  width: 80,
                  render: (_: unknown, s: ServiceConfig) => (
                    <Button
                      type="text"
                      size="small"
                      icon={<EditOutlined />}
                      aria-label={t('Edit')}
                      onClick={() => open(s)}
                      data-testid="service-edit"
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      <Card size="small" title={t('Verification methods')} data-testid="method-descriptions">
        <Space direction="vertical">
          {methods.map((m) => (
            <div key={m.code}>
              <Typography.Text strong>{m.name[lang]}</Typography.Text>
              <div>
                <Typography.Text>{m.summary[lang]}</Typography.Text>
              </div>
              <Typography.Text type="secondary">
                {t('Default validity')}
                {colon}
                <Validity validity={m.validity} />
              </Typography.Text>
            </div>
          ))}
        </Space>
      </Card>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('Add a service') : t('Edit the service')}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText={t('Save')}
        confirmLoading={saving}
        destroyOnHidden
        width={640}
      >
        <Form
          form={form}
          layout="vertical"
          onValuesChange={clearErrorsOnChange(form)}
          data-testid="service-form"
        >
          <Form.Item
            name="key"
            label={t('Service key (as your platform sends it)')}
            extra={t('Lower-case letters, digits, dot, dash and underscore, e.g. forum or im.chat.')}
            rules={[
              { required: true, message: t('Give the service key.') },
              {
                pattern: keyPattern,
                message: t('Use lower-case letters, digits, dot, dash and underscore.'),
              },
              { max: 64 },
            ]}
          >
            <Input disabled={editing !== 'new'} data-testid="service-key" />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('Name')}
            rules={[{ required: true, whitespace: true, message: t('Give the service a name.') }]}
          >
            <Input maxLength={200} data-testid="service-name" />
          </Form.Item>
          <Form.Item
            name="requires"
            label={t('Its users must hold')}
            rules={[{ required: true, type: 'array', min: 1, message: t('Choose at least one method.') }]}
          >
            <Checkbox.Group
              data-testid="service-requires"
              options={verificationMethods.map((m) => ({
                value: m,
                label: methods.find((x) => x.code === m)?.name[lang] ?? labelOf(t, methodLabel, m),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="callers"
            label={t('Service accounts that may call')}
            extra={t(
              'The service accounts (usernames) your platform calls with for this service: only they may enrol, verify and ask the gate for its users.',
            )}
          >
            <Select mode="tags" tokenSeparators={[',', ' ']} open={false} data-testid="service-callers" />
          </Form.Item>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message={t(
              'The law fixes no validity period. Leave a field empty to keep the catalogue’s default (marked uncertain), or set the days your own policy fixes.',
            )}
          />
          {verificationMethods.map((m) => {
            const def = methods.find((x) => x.code === m)?.validity;
            return (
              <Form.Item
                key={m}
                name={['days', m]}
                label={t('Validity of “{{method}}” in days', {
                  method: methods.find((x) => x.code === m)?.name[lang] ?? labelOf(t, methodLabel, m),
                })}
              >
                <InputNumber
                  min={1}
                  max={3650}
                  precision={0}
                  style={{ width: 200 }}
                  placeholder={def ? t('default: {{d}}', { d: duration(def.duration) }) : undefined}
                  data-testid={`service-days-${m}`}
                />
              </Form.Item>
            );
          })}
        </Form>
      </Modal>
    </Space>
  );
}
