import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Statistic,
  Steps,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Amount } from '../../../contract/catalogue.js';
import type {
  AssessedObligationView,
  AssessedPenalty,
  AssessmentView,
  ReportFile,
} from '../../../contract/obligations.js';
import { api, type Organisation, type Profile } from '../api.js';
import { ProfileBasics, ProfileCii, ProfilePersonalInformation, ProfileSystems } from '../profile-form.js';
import { becauseText } from '../because.js';
import { formatChapter, formatPenaltyId } from '../../../contract/citation.js';
import { Citations } from '../cite.js';
import { versionName } from './Law.js';
import { SaveAsProfile } from './SaveAsProfile.js';
import { useErrorText } from '../error-text.js';

type Assessment = AssessmentView;
type AssessedObligation = AssessedObligationView;
type PenaltyOut = AssessedPenalty;

export function amountText(
  a: Amount | undefined,
  t: (k: string, o?: Record<string, unknown>) => string,
): string {
  if (!a) return '—';
  if ('multipleOf' in a)
    return t('{{min}}-{{max}}× {{of}}', { min: a.min, max: a.max, of: t(`multiple.${a.multipleOf}`) });
  const f = (n: number) => n.toLocaleString('en-US');
  return a.min === 0 ? t('up to {{max}}', { max: f(a.max) }) : `${f(a.min)} – ${f(a.max)}`;
}

function recurrenceText(
  r: AssessedObligation['recurrence'],
  t: (k: string, o?: Record<string, unknown>) => string,
): string {
  if (r.kind === 'periodic') return t('every {{period}}', { period: r.period });
  if (r.kind === 'event')
    return r.deadline ? t('on event, within {{deadline}}', { deadline: r.deadline }) : t('on event');
  if (r.kind === 'once') return t('once');
  return t('continuous');
}

function Penalties({ penalties }: { penalties: PenaltyOut[] }) {
  const { t, i18n } = useTranslation();
  const rows = penalties.flatMap((p) =>
    p.tiers.map((tier, i) => ({
      key: `${p.id}-${i}`,
      provision: formatPenaltyId(p.id, i18n.language === 'zh' ? 'zh' : 'en'),
      tier,
    })),
  );
  if (rows.length === 0)
    return <Typography.Text type="secondary">{t('No fine is attached to this duty.')}</Typography.Text>;
  return (
    <Table
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t('Provision'), dataIndex: 'provision' },
        { title: t('Tier'), render: (_: unknown, r) => t(`tier.${r.tier.level}`) },
        {
          title: t('Entity (RMB)'),
          render: (_: unknown, r) =>
            r.tier.entity
              ? amountText(r.tier.entity, t)
              : r.tier.refers_to
                ? t('see {{ref}}', { ref: r.tier.refers_to })
                : '—',
        },
        {
          title: t('Persons (RMB)'),
          render: (_: unknown, r) =>
            r.tier.persons
              ? `${amountText(r.tier.persons, t)}${r.tier.persons_scope === 'person_in_charge' ? ` (${t('person in charge')})` : ''}`
              : '—',
        },
      ]}
    />
  );
}

function Result({ assessment, profile }: { assessment: Assessment; profile: Profile }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<string | undefined>();
  const [showDrafts, setShowDrafts] = useState(false);

  const shown = useMemo(
    () =>
      assessment.obligations.filter(
        (o) =>
          (showDrafts || !o.draft_only) &&
          (!kind || o.recurrence.kind === kind) &&
          (!search ||
            `${o.id} ${o.title.zh} ${o.title.en} ${o.summary.zh} ${o.summary.en}`
              .toLowerCase()
              .includes(search.toLowerCase())),
      ),
    [assessment, search, kind, showDrafts],
  );
  const chapters = [...new Set(shown.map((o) => o.chapter))].sort((a, b) =>
    a.localeCompare(b, 'en', { numeric: true }),
  );

  const download = async (format: 'md' | 'json') => {
    try {
      const r = await api<ReportFile>('POST', '/api/obligations/report', {
        profile,
        format,
      });
      const url = URL.createObjectURL(
        new Blob([r.content], { type: format === 'md' ? 'text/markdown' : 'application/json' }),
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = r.filename;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const chapterName = (key: string) => formatChapter(key, lang, { law: true });

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap size="large">
        <Statistic
          title={t('Duties that apply')}
          value={assessment.obligations.filter((o) => !o.draft_only).length}
        />
        {assessment.exposure.map((e) => (
          <Statistic
            key={e.version}
            title={t('Highest fixed fine, {{version}}', { version: versionName(e.version) })}
            value={e.max_entity}
            prefix="¥"
          />
        ))}
      </Space>
      <Space wrap>
        <Input.Search
          placeholder={t('Search duties')}
          allowClear
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          placeholder={t('Any recurrence')}
          style={{ width: 180 }}
          value={kind}
          onChange={setKind}
          options={['continuous', 'periodic', 'event', 'once'].map((k) => ({ value: k, label: t(k) }))}
        />
        <Space>
          <Switch checked={showDrafts} onChange={setShowDrafts} />
          {t('Show draft-only good practice')}
        </Space>
        <Button icon={<DownloadOutlined />} onClick={() => void download('md')}>
          {t('Export Markdown')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={() => void download('json')}>
          {t('Export JSON')}
        </Button>
      </Space>
      {assessment.amendment_2025.length > 0 && (
        <Collapse
          items={[
            {
              key: 'amend',
              label: t('What the 2025 amendment changes for you ({{n}})', {
                n: assessment.amendment_2025.length,
              }),
              children: assessment.amendment_2025.map((c) => (
                <p key={c.obligation}>
                  <Tag>{t(`change.${c.kind}`)}</Tag>
                  <b>{c.title[lang]}</b>: {c.detail[lang]}
                </p>
              )),
            },
          ]}
        />
      )}
      <Collapse
        defaultActiveKey={chapters}
        items={chapters.map((ch) => ({
          key: ch,
          label: `${chapterName(ch)} (${shown.filter((o) => o.chapter === ch).length})`,
          children: shown
            .filter((o) => o.chapter === ch)
            .map((o) => (
              <Card
                key={o.id}
                size="small"
                style={{ marginBottom: 12 }}
                data-testid={`obligation-${o.id}`}
                title={
                  <Space wrap>
                    <span>{o.title[lang]}</span>
                    {o.draft_only && <Tag color="default">{t('draft only')}</Tag>}
                  </Space>
                }
                extra={
                  <Tooltip title={o.id}>
                    <Typography.Text
                      type="secondary"
                      copyable={{ text: o.id, tooltips: [t('Copy the duty id'), t('Copied')] }}
                    />
                  </Tooltip>
                }
              >
                <Typography.Paragraph>{o.summary[lang]}</Typography.Paragraph>
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={t('Citations')}>
                    <Citations value={o.citations} link />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('When')}>{recurrenceText(o.recurrence, t)}</Descriptions.Item>
                  <Descriptions.Item label={t('Because')}>
                    {o.because.map((b) => becauseText(b, t)).join('; ')}
                  </Descriptions.Item>
                  {o.amendment_2025 && (
                    <Descriptions.Item label={t('2025 amendment')}>
                      {o.amendment_2025[lang]}
                    </Descriptions.Item>
                  )}
                  {o.uncertain && (
                    <Descriptions.Item label={t('Uncertain')}>
                      <Tag color="warning">{t('unverified')}</Tag>
                      {o.uncertain[lang]}
                    </Descriptions.Item>
                  )}
                </Descriptions>
                <Penalties penalties={o.penalties} />
              </Card>
            )),
        }))}
      />
    </Space>
  );
}

export function ObligationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Profile>();
  const [step, setStep] = useState(0);
  const [assessment, setAssessment] = useState<Assessment | null>(null);
  const [profile, setProfile] = useState<Profile | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    api<Organisation>('GET', '/api/organisation').then(
      (o) => form.setFieldsValue(o.profile),
      () => undefined,
    );
  }, [form]);

  const run = async () => {
    setLoading(true);
    try {
      const values = form.getFieldsValue(true) as Profile;
      const r = await api<Assessment>('POST', '/api/obligations/assess', { profile: values });
      setProfile(values);
      setAssessment(r);
      setStep(3);
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setLoading(false);
    }
  };

  const steps = [
    t('Organisation and services'),
    t('CII and products'),
    t('Personal information and systems'),
    t('Duties that apply'),
  ];
  return (
    <>
      <Typography.Title level={3}>{t('Obligations')}</Typography.Title>
      <Alert
        style={{ marginBottom: 16 }}
        type="info"
        showIcon
        message={t(
          'Answer a few questions about the organisation; wangan lists the duties of the Cybersecurity Law and the CII Regulation that apply, with citations in both versions and the fines at stake.',
        )}
      />
      <Steps
        current={step}
        onChange={(s) => (s < 3 || assessment) && setStep(s)}
        items={steps.map((title) => ({ title }))}
        style={{ marginBottom: 24 }}
      />
      <Form
        form={form}
        layout="vertical"
        preserve
        style={{ display: step < 3 ? undefined : 'none', maxWidth: 820 }}
      >
        <div style={{ display: step === 0 ? undefined : 'none' }}>
          <ProfileBasics />
        </div>
        <div style={{ display: step === 1 ? undefined : 'none' }}>
          <ProfileCii />
        </div>
        <div style={{ display: step === 2 ? undefined : 'none' }}>
          <ProfilePersonalInformation />
          <ProfileSystems />
        </div>
        <Space>
          {step > 0 && <Button onClick={() => setStep(step - 1)}>{t('Back')}</Button>}
          {step < 2 && (
            <Button type="primary" onClick={() => setStep(step + 1)}>
              {t('Next')}
            </Button>
          )}
          <Button
            type={step === 2 ? 'primary' : 'default'}
            loading={loading}
            onClick={() => void run()}
            data-testid="assess"
          >
            {t('Show the duties')}
          </Button>
        </Space>
      </Form>
      {step === 3 && assessment && profile && <Result assessment={assessment} profile={profile} />}
      {step === 3 && profile && <SaveAsProfile profile={profile} />}
    </>
  );
}
