import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Divider,
  Drawer,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentDetails, IncidentEdit } from '../../../../contract/incidents.js';
import { clearErrorsOnChange, useErrorOnField, useErrorText } from '../../error-text.js';
import { validValues } from '../../form-values.js';
import { FactFields, factsOf, useSystemOptions } from './NewIncident.js';
import { beijing, beijingToPicker, GradeTag, pickerToBeijing } from './shared.js';
import type { IncidentCatalog, IncidentView, Send } from './types.js';

/** The report's content items the handler writes (the others come from the record itself). */
const detailKeys = [
  'impact',
  'measures',
  'effect',
  'trend',
  'cause',
  'attackPath',
  'tracing',
  'furtherMeasures',
  'supportRequested',
  'scenePreservation',
  'other',
] as const;
type DetailKey = (typeof detailKeys)[number];
const isDetailKey = (k: string): k is DetailKey => (detailKeys as readonly string[]).includes(k);

type Values = {
  title: string;
  category: string;
  discoveredAt: Dayjs;
  occurredAt: Dayjs | null;
  location: string;
  involvesCii: boolean;
  personalInformation: boolean;
  systemIds: string[];
  description: string;
  facts: Record<string, number | null | undefined>;
  details: Record<DetailKey, string> & { ransom: { amount: string; method: string; date: string } };
};

function valuesOf(i: IncidentView): Values {
  return {
    title: i.title,
    category: i.category,
    discoveredAt: beijingToPicker(i.discoveredAt),
    occurredAt: i.occurredAt ? beijingToPicker(i.occurredAt) : null,
    location: i.location,
    involvesCii: i.involvesCii,
    personalInformation: i.personalInformation,
    systemIds: i.systems.map((s) => s.id),
    description: i.description,
    facts: { ...i.facts },
    details: {
      ...i.details,
      ransom: i.details.ransom ?? { amount: '', method: '', date: '' },
    },
  };
}

/** The edit's fields from the form's values (an unchanged field compares equal to the incident's own). */
function editBody(v: Values): Omit<IncidentEdit, 'version'> {
  const ransom = v.details.ransom;
  const details: Partial<IncidentDetails> = {
    ...Object.fromEntries(detailKeys.map((k) => [k, v.details[k] ?? ''])),
    ransom: ransom.amount || ransom.method || ransom.date ? ransom : null,
  };
  return {
    title: v.title,
    category: v.category,
    discoveredAt: pickerToBeijing(v.discoveredAt)!,
    occurredAt: pickerToBeijing(v.occurredAt),
    location: v.location ?? '',
    involvesCii: v.involvesCii,
    personalInformation: v.personalInformation,
    systemIds: v.systemIds,
    description: v.description ?? '',
    facts: factsOf(v.facts),
    details,
  };
}

/**
 * 事件信息与报告内容: what the record holds and the report's content items
 * (labelled as the catalogue lists them); edited with the version it was read
 * at, so a change made meanwhile by someone else is a conflict, never lost.
 */
export function DetailsCard({
  incident,
  catalog,
  canWrite,
  send,
  conflict,
  onReload,
}: {
  incident: IncidentView;
  catalog: IncidentCatalog | null;
  canWrite: boolean;
  send: Send;
  conflict: boolean;
  onReload: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const registered = useSystemOptions();
  // The systems linked keep their name even when the register no longer lists them.
  const systems = [
    ...registered,
    ...incident.systems
      .filter((s) => !registered.some((o) => o.value === s.id))
      .map((s) => ({ value: s.id, label: s.name })),
  ];
  // Reloaded after a conflict: the form starts again from the incident as it now is.
  const hadConflict = useRef(conflict);
  useEffect(() => {
    if (hadConflict.current && !conflict) setEditing(false);
    hadConflict.current = conflict;
  }, [conflict]);
  const label = (key: string) => catalog?.reportContents.find((c) => c.key === key)?.label[lang] ?? key;
  const factLabel = (key: string) => catalog?.facts.find((f) => f.key === key);

  const startEditing = () => {
    form.setFieldsValue(valuesOf(incident));
    setEditing(true);
  };

  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    // Only what was changed is sent: an unchanged time read back to the second never moves a clock.
    const was = editBody(valuesOf(incident));
    const now = editBody(v);
    const body: IncidentEdit = { version: incident.version };
    for (const key of Object.keys(now) as (keyof typeof now)[])
      if (JSON.stringify(now[key]) !== JSON.stringify(was[key])) Object.assign(body, { [key]: now[key] });
    if (Object.keys(body).length === 1) {
      setEditing(false);
      return;
    }
    setSaving(true);
    try {
      if (await send('PATCH', `/api/incidents/${incident.id}`, body)) {
        void message.success(t('Saved'));
        setEditing(false);
      }
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const reportItems = (catalog?.reportContents ?? []).filter((c) => isDetailKey(c.key) || c.key === 'ransom');
  const facts = Object.entries(incident.facts);

  return (
    <Card
      size="small"
      title={t('Incident and report contents')}
      data-testid="details-card"
      extra={
        canWrite && (
          <Button size="small" icon={<EditOutlined />} onClick={startEditing} data-testid="details-edit">
            {t('Edit')}
          </Button>
        )
      }
    >
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={label('organisation')}>
          {incident.systems.length
            ? incident.systems
                .map((s) => (s.level ? `${s.name}（${t('level {{n}}', { n: s.level })}）` : s.name))
                .join(lang === 'zh' ? '、' : ', ')
            : '—'}
          {incident.involvesCii && (
            <Typography.Text type="danger" style={{ display: 'block' }}>
              {t('Involves critical information infrastructure')}
            </Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={label('timePlace')}>
          {t('Discovered {{at}}', { at: beijing(incident.discoveredAt) })}
          {incident.occurredAt && `; ${t('occurred {{at}}', { at: beijing(incident.occurredAt) })}`}
          {incident.location && `; ${incident.location}`}
        </Descriptions.Item>
        <Descriptions.Item label={label('category')}>{incident.categoryName[lang]}</Descriptions.Item>
        <Descriptions.Item label={label('grade')}>
          <GradeTag grade={incident.grading.grade} label={incident.grading.label} />
        </Descriptions.Item>
        <Descriptions.Item label={t('Description')}>{incident.description || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('Grading facts')}>
          {facts.length
            ? facts.map(([k, n]) => (
                <div key={k}>
                  {factLabel(k)?.label[lang] ?? k}: {n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US')}{' '}
                  {factLabel(k)?.unit[lang] ?? ''}
                </div>
              ))
            : '—'}
        </Descriptions.Item>
        {reportItems.map((c) => (
          <Descriptions.Item key={c.key} label={c.label[lang]}>
            {c.key === 'ransom' ? (
              incident.details.ransom ? (
                `${incident.details.ransom.amount}；${incident.details.ransom.method}；${incident.details.ransom.date}`
              ) : (
                '—'
              )
            ) : isDetailKey(c.key) && incident.details[c.key] ? (
              incident.details[c.key]
            ) : (
              <Typography.Text type="secondary">{t('not written yet')}</Typography.Text>
            )}
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Drawer
        open={editing}
        onClose={() => setEditing(false)}
        width={720}
        title={`${incident.ref} · ${t('Edit')}`}
        forceRender
        extra={
          <Space>
            <Button onClick={() => setEditing(false)}>{t('Cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => void save()} data-testid="details-save">
              {t('Save')}
            </Button>
          </Space>
        }
      >
        {conflict && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('Someone else changed this incident: your last change was not saved.')}
            description={t('Your text is still here. Reload to start again from their version.')}
            action={
              <Button
                icon={<ReloadOutlined />}
                onClick={() => {
                  onReload();
                  setEditing(false);
                }}
              >
                {t('Reload')}
              </Button>
            }
          />
        )}
        <Form form={form} layout="vertical" name="incident-edit" onValuesChange={clearErrorsOnChange(form)}>
          <Form.Item name="title" label={t('Title')} rules={[{ required: true, whitespace: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="category" label={t('Category')} rules={[{ required: true }]}>
            <Select
              options={(catalog?.categories ?? []).map((c) => ({ value: c.code, label: c.name[lang] }))}
            />
          </Form.Item>
          <Form.Item
            name="discoveredAt"
            label={t('Discovered at (Beijing time)')}
            rules={[{ required: true }]}
          >
            <DatePicker showTime format="YYYY-MM-DD HH:mm:ss" />
          </Form.Item>
          <Form.Item name="occurredAt" label={t('Occurred at (Beijing time), if known')}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm:ss" />
          </Form.Item>
          <Form.Item name="location" label={t('Location')} rules={[{ max: 500 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="systemIds" label={t('Affected systems')}>
            <Select mode="multiple" optionFilterProp="label" options={systems} />
          </Form.Item>
          <Form.Item
            name="involvesCii"
            label={t('Involves critical information infrastructure')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item
            name="personalInformation"
            label={t('Involves personal information')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item name="description" label={t('Description')} rules={[{ max: 20_000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Divider orientation="left">{t('Grading facts')}</Divider>
          {catalog && <FactFields catalog={catalog} />}
          <Divider orientation="left">{t('Report contents')}</Divider>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('Report what is known first; supplement the rest once found out.')}
          </Typography.Paragraph>
          {reportItems.map((c) =>
            c.key === 'ransom' ? (
              <Form.Item key={c.key} label={c.label[lang]} style={{ marginBottom: 12 }}>
                <Space wrap>
                  <Form.Item name={['details', 'ransom', 'amount']} noStyle>
                    <Input placeholder={t('Amount')} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={['details', 'ransom', 'method']} noStyle>
                    <Input placeholder={t('Payment method')} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={['details', 'ransom', 'date']} noStyle>
                    <Input placeholder={t('Date')} style={{ width: 140 }} />
                  </Form.Item>
                </Space>
              </Form.Item>
            ) : (
              <Form.Item key={c.key} name={['details', c.key]} label={c.label[lang]}>
                <Input.TextArea rows={2} data-testid={`detail-${c.key}`} />
              </Form.Item>
            ),
          )}
        </Form>
      </Drawer>
    </Card>
  );
}
