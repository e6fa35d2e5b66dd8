import { Alert, App, Card, Descriptions, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api.js';
import { useErrorText } from '../../error-text.js';
import { GradeTag } from './shared.js';
import type { PlanInForce } from './types.js';

type GradeRow = PlanInForce['grades'][number];

/** 应急预案: the plan in force (the policies register's latest approved one) and what each grade calls for. */
export function PlanPanel() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [plan, setPlan] = useState<PlanInForce | null>(null);
  useEffect(() => {
    api<PlanInForce>('GET', '/api/incidents/plan').then(
      setPlan,
      (e: unknown) => void message.error(errorText(e)),
    );
  }, [message, errorText]);
  if (!plan) return <Spin />;
  return (
    <Card size="small" data-testid="plan-card">
      {plan.plan ? (
        <Descriptions size="small" column={1} title={t('The emergency plan in force')}>
          <Descriptions.Item label={t('Plan')}>
            <Typography.Text strong data-testid="plan-title">
              {plan.plan.title}
            </Typography.Text>{' '}
            <Tag>{plan.plan.code}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('Version')}>{plan.plan.version}</Descriptions.Item>
          <Descriptions.Item label={t('In force since')}>{plan.plan.effectiveOn}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Alert
          type="warning"
          showIcon
          data-testid="no-plan"
          message={t('No emergency plan is in force.')}
          description={
            <span>
              {t(
                'Record the incident response plan in the policies register and have it approved: it is then the plan in force here.',
              )}{' '}
              <Link to="/governance?register=policies">{t('Open the policies register')}</Link>
            </span>
          }
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('Grades, warnings and responses')}
      </Typography.Title>
      <Table<GradeRow>
        rowKey="grade"
        size="small"
        pagination={false}
        dataSource={plan.grades}
        columns={[
          { title: t('Grade'), width: 160, render: (_, g) => <GradeTag grade={g.grade} label={g.label} /> },
          {
            title: t('Warning'),
            width: 120,
            render: (_, g) => <Typography.Text strong>{g.warning[lang]}</Typography.Text>,
          },
          { title: t('Response'), render: (_, g) => g.response[lang] },
          {
            title: t('Report'),
            width: 110,
            render: (_, g) =>
              g.reportMandatory ? <Tag color="red">{t('mandatory')}</Tag> : <Tag>{t('not required')}</Tag>,
          },
        ]}
      />
      <Tag color="blue" style={{ marginTop: 8, whiteSpace: 'normal' }}>
        {plan.citation[lang]}
      </Tag>
    </Card>
  );
}
