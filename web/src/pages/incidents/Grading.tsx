import { Alert, App, Button, Card, Descriptions, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clearErrorsOnChange, useErrorOnField, useErrorText } from '../../error-text.js';
import { validValues } from '../../form-values.js';
import { beijing, GradeTag } from './shared.js';
import type { ComputedGrade, IncidentCatalog, IncidentGrade, IncidentView } from './types.js';

const number = (n: number, lang: 'zh' | 'en') =>
  n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 6 });

/** Every rule that fired: the fact, its value, the threshold it reached; uncertain thresholds marked with the catalogue's note. */
export function FiredRules({ fired, catalog }: { fired: ComputedGrade['fired']; catalog: IncidentCatalog }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  if (fired.length === 0)
    return (
      <Typography.Text type="secondary" data-testid="fired-none">
        {t('No grading threshold is reached: a general (IV) incident, unless a manual grade says otherwise.')}
      </Typography.Text>
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="fired-rules">
      {fired.map((f) => {
        const fact = catalog.facts.find((x) => x.key === f.fact);
        const rule = catalog.rules.find((r) => r.rule === f.rule);
        const unit = fact?.unit[lang] ?? '';
        return (
          <div key={f.rule} data-testid={`fired-${f.fact}`}>
            <Space wrap size={4}>
              <GradeTag grade={f.grade} />
              <Typography.Text strong>{fact?.label[lang] ?? f.fact}</Typography.Text>
              <Typography.Text>
                {t('{{value}} {{unit}}, threshold {{threshold}} {{unit}}', {
                  value: number(f.value, lang),
                  threshold: number(f.threshold, lang),
                  unit,
                })}
              </Typography.Text>
              {f.uncertain && (
                <Tag color="warning" data-testid={`uncertain-${f.fact}`}>
                  {t('to be verified')}
                </Tag>
              )}
              {f.overridden && <Tag color="purple">{t('threshold changed by configuration')}</Tag>}
            </Space>
            {f.uncertain && rule?.note && (
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '2px 0 0' }}>
                {rule.note[lang]}
              </Typography.Paragraph>
            )}
          </div>
        );
      })}
    </Space>
  );
}

/** 定级: the computed grade with every rule that fired, the manual grade beside it with its reason, and a form to set or clear it. */
export function GradingCard({
  incident,
  catalog,
  canWrite,
  send,
}: {
  incident: IncidentView;
  catalog: IncidentCatalog | null;
  canWrite: boolean;
  /** Sends a change with the incident's version (conflicts handled by the page). */
  send: (method: string, path: string, body: object) => Promise<boolean>;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [form] = Form.useForm<{ grade: IncidentGrade; reason: string }>();
  const [editing, setEditing] = useState(false);
  const g = incident.grading;

  const setManual = async (clear: boolean) => {
    const v = clear
      ? { grade: null, reason: form.getFieldValue('reason') as string }
      : await validValues(form);
    if (!v) return;
    if (clear && !v.reason?.trim()) {
      form.setFields([{ name: 'reason', errors: [t('Give the reason for clearing the manual grade.')] }]);
      return;
    }
    try {
      const ok = await send('POST', `/api/incidents/${incident.id}/grade`, {
        version: incident.version,
        grade: v.grade,
        reason: v.reason,
      });
      if (ok) {
        void message.success(clear ? t('Manual grade cleared') : t('Manual grade recorded'));
        setEditing(false);
        form.resetFields();
      }
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    }
  };

  return (
    <Card size="small" title={t('Grading')} data-testid="grading-card">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('Grade in effect')}>
          <GradeTag grade={g.grade} label={g.label} manual={!!g.manual} testId="grade-in-effect" />
          {incident.mandatory ? (
            <Tag color="red">{t('report mandatory')}</Tag>
          ) : (
            <Tag>{t('no report owed')}</Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('Computed from the facts')}>
          <GradeTag grade={g.computed.grade} label={g.computed.label} testId="grade-computed" />
        </Descriptions.Item>
      </Descriptions>
      {catalog && <FiredRules fired={g.computed.fired} catalog={catalog} />}
      {g.manual && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          data-testid="manual-grade"
          message={
            <span>
              {t('Manual grade')}: <GradeTag grade={g.manual.grade} />
            </span>
          }
          description={
            <>
              <div>
                {t('Reason')}: {g.manual.reason}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {g.manual.by} · {beijing(g.manual.at)}
              </Typography.Text>
            </>
          }
        />
      )}
      {catalog && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
          {catalog.judgement[lang]}
        </Typography.Paragraph>
      )}
      {canWrite && !editing && (
        <Button onClick={() => setEditing(true)} data-testid="manual-grade-open">
          {g.manual ? t('Change or clear the manual grade') : t('Set a manual grade')}
        </Button>
      )}
      {canWrite && editing && (
        <Form
          form={form}
          layout="vertical"
          name="manual-grade"
          onValuesChange={clearErrorsOnChange(form)}
          initialValues={{ grade: g.manual?.grade, reason: '' }}
        >
          <Form.Item name="grade" label={t('Manual grade')} rules={[{ required: true }]}>
            <Select
              style={{ width: 200 }}
              options={(catalog?.grades ?? []).map((x) => ({
                value: x.grade,
                label: `${x.grade} ${x.label[lang]}`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('Reason')}
            rules={[{ required: true, whitespace: true, message: t('A manual grade needs its reason.') }]}
          >
            <Input.TextArea rows={2} maxLength={2000} data-testid="manual-grade-reason" />
          </Form.Item>
          <Space>
            <Button type="primary" onClick={() => void setManual(false)} data-testid="manual-grade-save">
              {t('Record the manual grade')}
            </Button>
            {g.manual && (
              <Button danger onClick={() => void setManual(true)} data-testid="manual-grade-clear">
                {t('Clear it: the computed grade applies')}
              </Button>
            )}
            <Button onClick={() => setEditing(false)}>{t('Cancel')}</Button>
          </Space>
        </Form>
      )}
    </Card>
  );
}
