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
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FilingRule, Grading, MlpsOverview, SystemView } from '../../../contract/governance.js';
import { harmedObjects, harms } from '../../../contract/grading.js';
import type { ObligationStatus } from '../../../contract/status.js';
import { api } from '../api.js';
import { useAuth } from '../auth.js';
import { DutyLinks, RegisterTabs } from './Registers.js';
import { useErrorOnField, useErrorText } from '../error-text.js';
import { validValues } from '../form-values.js';

type Status = ObligationStatus;
type Day = { format(f: string): string };

const objects = harmedObjects;
const statusColour: Record<Status, string> = {
  met: 'green',
  due_soon: 'gold',
  overdue: 'red',
  missing: 'volcano',
  not_applicable: 'default',
};

/** Governance: MLPS first, then the governance registers (appointments, policies, regulators). */
export function GovernancePage() {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('Governance and classified protection')}</Typography.Title>
      <RegisterTabs
        group="governance"
        extra={[{ key: 'mlps', label: t('Classified protection (MLPS)'), children: <MlpsPanel /> }]}
      />
    </Space>
  );
}

/** MLPS register: grade systems (with the calculator), file them, record assessments. */
function MlpsPanel() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const { can } = useAuth();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const canWrite = can('mlps.grade');
  const canFile = can('mlps.filing');
  const canAssess = can('mlps.assessment');
  const [systems, setSystems] = useState<SystemView[]>([]);
  const [duties, setDuties] = useState<string[]>([]);
  const [rule, setRule] = useState<FilingRule | null>(null);
  const [preview, setPreview] = useState<Grading | null>(null);
  const [gradeOpen, setGradeOpen] = useState(false);
  // A declared system being graded: the grading goes to its row (by id), not a new one.
  const [gradeFor, setGradeFor] = useState<SystemView | null>(null);
  const [fileFor, setFileFor] = useState<SystemView | null>(null);
  const [assessFor, setAssessFor] = useState<SystemView | null>(null);
  const [gradeForm] = Form.useForm();
  const [fileForm] = Form.useForm();
  const [assessForm] = Form.useForm();

  const load = useCallback(() => {
    api<MlpsOverview>('GET', '/api/governance/mlps').then(
      (r) => {
        setSystems(r.systems);
        setDuties(r.duties);
        setRule(r.filingRule);
      },
      (e: Error) => void message.error(errorText(e)),
    );
  }, [message, errorText]);
  useEffect(load, [load]);

  const cells = (v: { bio?: string; bih?: string; sso?: string; ssh?: string }) =>
    v.bio && v.bih && v.sso && v.ssh
      ? { businessInformation: { object: v.bio, harm: v.bih }, systemService: { object: v.sso, harm: v.ssh } }
      : null;

  const recalc = (_: unknown, all: { bio?: string; bih?: string; sso?: string; ssh?: string }) => {
    const c = cells(all);
    if (c) api<Grading>('POST', '/api/governance/mlps/grade', c).then(setPreview, () => setPreview(null));
  };

  const run = async (fn: () => Promise<unknown>, close: () => void, form?: FormInstance) => {
    try {
      await fn();
      close();
      load();
    } catch (e) {
      if (!form || !errorOnField(form, e)) void message.error(errorText(e));
    }
  };

  const grade = async () => {
    const v = await validValues(gradeForm);
    if (!v) return;
    await run(
      () =>
        api('POST', '/api/governance/mlps/systems', {
          ...(gradeFor ? { id: gradeFor.id } : {}),
          name: v.name,
          stage: v.stage,
          gradedOn: (v.gradedOn as Day).format('YYYY-MM-DD'),
          ...(v.wentLiveOn ? { wentLiveOn: (v.wentLiveOn as Day).format('YYYY-MM-DD') } : {}),
          ...cells(v)!,
        }),
      () => {
        setGradeOpen(false);
        setGradeFor(null);
        gradeForm.resetFields();
        setPreview(null);
      },
      gradeForm,
    );
  };

  const statusTag = (s: Status, label: string | null) => (
    <Tag color={statusColour[s]}>{label ?? t(`status.${s}`)}</Tag>
  );

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        message={t(
          'Grading, filing and assessments are recorded in the evidence ledger and keep the MLPS duties of the workspace up to date.',
        )}
        description={
          <Space direction="vertical" size={4}>
            <DutyLinks ids={duties} />
            {rule && (
              <Typography.Text type="secondary" data-testid="filing-rule">
                {t(
                  'Filing rule in effect: level {{level}} and above within {{n}} {{unit}} of grading or go-live.',
                  {
                    level: rule.minLevel,
                    n: rule.days,
                    unit: rule.workingDays
                      ? t('working days', { count: rule.days })
                      : t('days', { count: rule.days }),
                  },
                )}{' '}
                <Tag color="orange">{t('configurable')}</Tag>
                {rule.note[lang]}
              </Typography.Text>
            )}
          </Space>
        }
      />
      {canWrite && (
        <Button
          type="primary"
          onClick={() => {
            setGradeFor(null);
            setGradeOpen(true);
          }}
          data-testid="grade-system"
        >
          {t('Grade a system')}
        </Button>
      )}
      <Card size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={systems}
          columns={[
            { title: t('System name'), dataIndex: 'name' },
            {
              title: t('Level'),
              dataIndex: 'level',
              render: (l: number, s: SystemView) => (
                <Space size={4} wrap>
                  <Tag color="blue">{t('Level {{level}}', { level: l })}</Tag>
                  {!s.graded && (
                    <Tag color="volcano" data-testid={`declared-${s.name}`}>
                      {t('declared, not graded')}
                    </Tag>
                  )}
                </Space>
              ),
            },
            {
              title: t('Filing'),
              render: (_: unknown, s: SystemView) =>
                !s.graded ? (
                  <Typography.Text type="secondary">{t('counts from the grading')}</Typography.Text>
                ) : s.filing.required ? (
                  <Space direction="vertical" size={0}>
                    {statusTag(
                      s.filing.status,
                      s.filing.filedOn ? `${t('filed')} ${s.filing.filedOn}` : null,
                    )}
                    {!s.filing.filedOn && (
                      <Typography.Text type="secondary">
                        {t('due {{date}}', { date: s.filing.due })}
                      </Typography.Text>
                    )}
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: t('Assessment'),
              render: (_: unknown, s: SystemView) =>
                s.graded && s.assessment.period ? (
                  <Space direction="vertical" size={0}>
                    {statusTag(s.assessment.status, null)}
                    <Typography.Text type="secondary">
                      {s.assessment.last
                        ? `${s.assessment.last} · ${s.assessment.score} · ${t(`conclusion.${s.assessment.conclusion}`)}`
                        : t('none yet')}
                      {s.assessment.nextDue ? ` · ${t('next {{date}}', { date: s.assessment.nextDue })}` : ''}
                    </Typography.Text>
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: '',
              render: (_: unknown, s: SystemView) =>
                (canFile || canAssess || canWrite) && (
                  <Space>
                    {canWrite && !s.graded && (
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => {
                          setGradeFor(s);
                          gradeForm.setFieldsValue({ name: s.name });
                          setGradeOpen(true);
                        }}
                        data-testid={`grade-${s.name}`}
                      >
                        {t('Grade it')}
                      </Button>
                    )}
                    {canFile && s.graded && s.filing.required && !s.filing.filedOn && (
                      <Button size="small" onClick={() => setFileFor(s)} data-testid={`file-${s.name}`}>
                        {t('Record filing')}
                      </Button>
                    )}
                    {canAssess && s.graded && s.assessment.period && (
                      <Button size="small" onClick={() => setAssessFor(s)} data-testid={`assess-${s.name}`}>
                        {t('Record assessment')}
                      </Button>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>

      <Modal
        open={gradeOpen}
        title={gradeFor ? `${t('Grade a system')}: ${gradeFor.name}` : t('Grade a system')}
        onOk={() => void grade()}
        onCancel={() => {
          setGradeOpen(false);
          setGradeFor(null);
        }}
        okText={t('Save')}
        width={640}
      >
        <Form form={gradeForm} layout="vertical" onValuesChange={recalc} initialValues={{ stage: 'running' }}>
          <Form.Item
            name="name"
            label={t('System name')}
            rules={[{ required: true, message: t('Enter the name of the system.') }]}
          >
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item name="stage" label={t('Stage')}>
              <Select
                style={{ width: 180 }}
                options={[
                  { value: 'running', label: t('in operation') },
                  { value: 'new', label: t('new system') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="gradedOn"
              label={t('Graded on')}
              rules={[{ required: true, message: t('Enter the grading date.') }]}
            >
              <DatePicker />
            </Form.Item>
            {/* A new system's filing counts from its go-live date: required before submit. */}
            <Form.Item noStyle shouldUpdate={(a, b) => a.stage !== b.stage}>
              {({ getFieldValue }) => (
                <Form.Item
                  name="wentLiveOn"
                  label={t('Went live on')}
                  rules={
                    getFieldValue('stage') === 'new'
                      ? [{ required: true, message: t('A new system needs its go-live date.') }]
                      : []
                  }
                >
                  <DatePicker />
                </Form.Item>
              )}
            </Form.Item>
          </Space>
          {(
            [
              ['bio', 'bih', t('Business information: object harmed and degree of harm')],
              ['sso', 'ssh', t('System service: object harmed and degree of harm')],
            ] as const
          ).map(([o, h, label]) => (
            <Form.Item key={o} label={label} required>
              <Space>
                <Form.Item
                  name={o}
                  noStyle
                  rules={[{ required: true, message: t('Choose the object harmed.') }]}
                >
                  <Select
                    style={{ width: 220 }}
                    options={objects.map((x) => ({ value: x, label: t(`object.${x}`) }))}
                  />
                </Form.Item>
                <Form.Item
                  name={h}
                  noStyle
                  rules={[{ required: true, message: t('Choose the degree of harm.') }]}
                >
                  <Select
                    style={{ width: 180 }}
                    options={harms.map((x) => ({ value: x, label: t(`harm.${x}`) }))}
                  />
                </Form.Item>
              </Space>
            </Form.Item>
          ))}
          {preview && (
            <Alert
              type={preview.uncertain.length ? 'warning' : 'success'}
              data-testid="grade-preview"
              message={t(
                'Level {{level}} (business information {{bi}}, system service {{ss}}; the higher wins)',
                {
                  level: preview.level,
                  bi: preview.businessInformationLevel,
                  ss: preview.systemServiceLevel,
                },
              )}
              description={preview.uncertain
                .map((u) => `${t('Configurable cell')}: ${u.note[lang]}`)
                .join(' ')}
            />
          )}
        </Form>
      </Modal>

      <Modal
        open={!!fileFor}
        title={`${t('Record filing')}: ${fileFor?.name ?? ''}`}
        onOk={async () => {
          const v = await validValues(fileForm);
          if (!v) return;
          await run(
            () =>
              api('POST', `/api/governance/mlps/systems/${fileFor!.id}/filings`, {
                filedOn: (v.filedOn as Day).format('YYYY-MM-DD'),
                authority: v.authority,
                reference: v.reference,
              }),
            () => {
              setFileFor(null);
              fileForm.resetFields();
            },
            fileForm,
          );
        }}
        onCancel={() => setFileFor(null)}
      >
        <Form form={fileForm} layout="vertical">
          <Form.Item name="filedOn" label={t('Filed on')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="authority" label={t('Public security office')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="reference" label={t('Filing reference')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={!!assessFor}
        title={`${t('Record assessment')}: ${assessFor?.name ?? ''}`}
        onOk={async () => {
          const v = await validValues(assessForm);
          if (!v) return;
          await run(
            () =>
              api('POST', `/api/governance/mlps/systems/${assessFor!.id}/assessments`, {
                assessedOn: (v.assessedOn as Day).format('YYYY-MM-DD'),
                score: v.score,
                highRisk: Boolean(v.highRisk),
                assessor: v.assessor,
              }),
            () => {
              setAssessFor(null);
              assessForm.resetFields();
            },
            assessForm,
          );
        }}
        onCancel={() => setAssessFor(null)}
      >
        <Form form={assessForm} layout="vertical">
          <Form.Item name="assessedOn" label={t('Assessed on')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="score" label={t('Score')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100} />
          </Form.Item>
          <Form.Item name="highRisk" label={t('High risk found')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="assessor" label={t('Assessment body')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
