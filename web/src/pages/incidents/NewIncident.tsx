import {
  Alert,
  App,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Switch,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentInput } from '../../../../contract/incidents.js';
import type { MlpsOverview } from '../../../../contract/governance.js';
import { api } from '../../api.js';
import { clearErrorsOnChange, useErrorOnField, useErrorText } from '../../error-text.js';
import { validValues } from '../../form-values.js';
import { FiredRules } from './Grading.js';
import { beijingToPicker, GradeTag, pickerToBeijing } from './shared.js';
import type { ComputedGrade, IncidentCatalog, IncidentView } from './types.js';

type Values = {
  title: string;
  category: string;
  discoveredAt: Dayjs;
  occurredAt?: Dayjs | null;
  location?: string;
  involvesCii?: boolean;
  personalInformation?: boolean;
  systemIds?: string[];
  description?: string;
  facts?: Record<string, number | null | undefined>;
};

/** The facts entered, without the empty ones. */
export function factsOf(v: Record<string, number | null | undefined> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(v ?? {})) if (typeof n === 'number') out[k] = n;
  return out;
}

/** The MLPS systems registered (governance), to pick the affected ones from. */
export function useSystemOptions(): { value: string; label: string }[] {
  const { t } = useTranslation();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    api<MlpsOverview>('GET', '/api/governance/mlps').then(
      (o) =>
        setOptions(
          o.systems.map((s) => ({ value: s.id, label: `${s.name} · ${t('level {{n}}', { n: s.level })}` })),
        ),
      () => setOptions([]),
    );
  }, [t]);
  return options;
}

/** The grading facts of the catalogue as number fields with their units (under `facts`). */
export function FactFields({ catalog }: { catalog: IncidentCatalog }) {
  const { i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  return (
    <>
      {catalog.facts.map((f) => (
        <Form.Item key={f.key} name={['facts', f.key]} label={f.label[lang]} style={{ marginBottom: 12 }}>
          <InputNumber
            min={0}
            max={f.max}
            precision={f.integer ? 0 : undefined}
            step={f.integer ? 1 : 0.5}
            addonAfter={f.unit[lang]}
            style={{ width: 260 }}
            data-testid={`fact-${f.key}`}
          />
        </Form.Item>
      ))}
    </>
  );
}

/** The grade the facts give, asked of the server as they are typed (grade-preview records nothing). */
export function useGradePreview(facts: Record<string, number>): ComputedGrade | null {
  const [preview, setPreview] = useState<ComputedGrade | null>(null);
  const key = JSON.stringify(facts);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    const timer = window.setTimeout(() => {
      api<ComputedGrade>('POST', '/api/incidents/grade-preview', { facts: JSON.parse(key) as object }).then(
        (g) => mine === seq.current && setPreview(g),
        () => mine === seq.current && setPreview(null),
      );
    }, 300);
    return () => window.clearTimeout(timer);
  }, [key]);
  return preview;
}

/** 新建事件: the incident as first known; its grade previewed from the facts. */
export function NewIncident({
  catalog,
  onClose,
  onCreated,
}: {
  catalog: IncidentCatalog | null;
  onClose: () => void;
  onCreated: (created: IncidentView) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [form] = Form.useForm<Values>();
  const systems = useSystemOptions();
  const [saving, setSaving] = useState(false);
  const facts = factsOf(Form.useWatch('facts', form));
  const preview = useGradePreview(facts);

  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    const body: IncidentInput = {
      title: v.title,
      category: v.category,
      discoveredAt: pickerToBeijing(v.discoveredAt)!,
      occurredAt: pickerToBeijing(v.occurredAt),
      location: v.location ?? '',
      involvesCii: v.involvesCii ?? false,
      personalInformation: v.personalInformation ?? false,
      systemIds: v.systemIds ?? [],
      description: v.description ?? '',
      facts: factsOf(v.facts),
    };
    setSaving(true);
    try {
      const created = await api<IncidentView>('POST', '/api/incidents', body);
      void message.success(t('Incident {{ref}} opened: its clocks are running.', { ref: created.ref }));
      onCreated(created);
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('New incident')}
      onOk={() => void save()}
      onCancel={onClose}
      okText={t('Open the incident')}
      confirmLoading={saving}
      width={760}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name="new-incident"
        initialValues={{
          discoveredAt: beijingToPicker(new Date().toISOString()),
          category: undefined,
          involvesCii: false,
          personalInformation: false,
          systemIds: [],
          facts: {},
        }}
        onValuesChange={clearErrorsOnChange(form)}
      >
        <Form.Item name="title" label={t('Title')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input data-testid="incident-title" />
        </Form.Item>
        <Form.Item name="category" label={t('Category')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            data-testid="incident-category"
            options={(catalog?.categories ?? []).map((c) => ({ value: c.code, label: c.name[lang] }))}
          />
        </Form.Item>
        {catalog && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -12 }}>
            {catalog.categoriesNote[lang]}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="discoveredAt"
          label={t('Discovered at (Beijing time)')}
          rules={[{ required: true }]}
          extra={t('The reporting clocks count from this moment.')}
        >
          <DatePicker showTime format="YYYY-MM-DD HH:mm:ss" data-testid="incident-discovered" />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('Occurred at (Beijing time), if known')}>
          <DatePicker showTime format="YYYY-MM-DD HH:mm:ss" />
        </Form.Item>
        <Form.Item name="location" label={t('Location')} rules={[{ max: 500 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="systemIds" label={t('Affected systems')}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={systems}
            placeholder={t('Pick from the systems of the classified-protection register')}
          />
        </Form.Item>
        <Form.Item
          name="involvesCii"
          label={t('Involves critical information infrastructure')}
          valuePropName="checked"
          extra={t('A CII incident is reported within 1 hour.')}
        >
          <Switch data-testid="incident-cii" />
        </Form.Item>
        <Form.Item
          name="personalInformation"
          label={t('Involves personal information')}
          valuePropName="checked"
          extra={t('Individuals and the regulator are then notified of the breach.')}
        >
          <Switch data-testid="incident-pi" />
        </Form.Item>
        <Form.Item name="description" label={t('Description')} rules={[{ max: 20_000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Divider orientation="left">{t('Grading facts')}</Divider>
        {catalog && (
          <>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('Enter what is known; leave the rest empty. The grade is worked out from these.')}
            </Typography.Paragraph>
            <FactFields catalog={catalog} />
            <Alert type="info" showIcon style={{ marginBottom: 12 }} message={catalog.judgement[lang]} />
          </>
        )}
        {preview && (
          <Alert
            type={preview.grade === 'IV' ? 'success' : 'warning'}
            data-testid="grade-preview"
            message={
              <span>
                {t('Grade from these facts')}: <GradeTag grade={preview.grade} label={preview.label} />
              </span>
            }
            description={catalog && <FiredRules fired={preview.fired} catalog={catalog} />}
          />
        )}
      </Form>
    </Modal>
  );
}
