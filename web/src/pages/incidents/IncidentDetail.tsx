import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api.js';
import { useErrorText } from '../../error-text.js';
import { BreachCard } from './Breach.js';
import { ClocksCard } from './Clocks.js';
import { DetailsCard } from './Details.js';
import { GradingCard } from './Grading.js';
import { AttachmentsCard, CloseCard, TasksCard, TimelineCard } from './Handling.js';
import { ReportsCard } from './Reports.js';
import {
  GradeTag,
  sourceLabel,
  statusLabel,
  useIncidentCatalog,
  useIncidentRights,
  useServerClock,
} from './shared.js';
import type { IncidentView, Send } from './types.js';

/** One incident on duty: its clocks, grade, reports, breach notice, handling and timeline. */
export function IncidentDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const catalog = useIncidentCatalog();
  const rights = useIncidentRights();
  const [incident, setIncident] = useState<IncidentView | null>(null);
  const [missing, setMissing] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState<number | null>(null);
  const live = useRef(true);
  const now = useServerClock(incident?.now);

  const load = useCallback(() => {
    api<IncidentView>('GET', `/api/incidents/${encodeURIComponent(id)}`).then(
      (i) => {
        if (!live.current) return;
        setIncident(i);
        setConflict(null);
      },
      (e: unknown) => {
        if (!live.current) return;
        if (e instanceof ApiError && e.status === 404) setMissing(e);
        else void message.error(errorText(e));
      },
    );
  }, [id, message, errorText]);
  useEffect(() => {
    live.current = true;
    load();
    return () => {
      live.current = false;
    };
  }, [load]);

  const send: Send = useCallback(
    async (method, path, body) => {
      try {
        setIncident(await api<IncidentView>(method, path, body));
        return true;
      } catch (e) {
        if (e instanceof ApiError && e.status === 409 && e.code === 'conflict') {
          const current = (e.details as { version?: number } | undefined)?.version ?? null;
          setConflict(current);
          modal.confirm({
            title: t('Someone else changed this incident'),
            content: t(
              'Your change was not saved, so nothing of theirs was overwritten. Reload to see the incident as it is now, then make your change again.',
            ),
            okText: t('Reload'),
            cancelText: t('Not now'),
            onOk: load,
          });
          return false;
        }
        throw e;
      }
    },
    [modal, t, load],
  );

  if (missing)
    return (
      <Result
        status="404"
        title={errorText(missing)}
        extra={<Link to="/incidents">{t('Back to the incidents')}</Link>}
      />
    );
  if (!incident) return <Spin />;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="incident-page">
      <Link to="/incidents">
        <ArrowLeftOutlined /> {t('Back to the incidents')}
      </Link>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="incident-ref">
          {incident.ref}
        </Typography.Title>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {incident.title}
        </Typography.Title>
        <GradeTag
          grade={incident.grading.grade}
          label={incident.grading.label}
          manual={!!incident.grading.manual}
          testId="incident-grade"
        />
        <Tag color={incident.status === 'open' ? 'volcano' : 'default'} data-testid="incident-status">
          {t(statusLabel[incident.status])}
        </Tag>
        <Typography.Text type="secondary">
          {t(sourceLabel[incident.source] ?? incident.source)}
        </Typography.Text>
        {incident.plan && (
          <Typography.Text type="secondary">
            {t('Plan in force: {{title}} (version {{version}})', {
              title: incident.plan.title,
              version: incident.plan.version,
            })}
          </Typography.Text>
        )}
      </Space>
      {conflict !== null && (
        <Alert
          type="error"
          showIcon
          data-testid="incident-conflict"
          message={t('Someone else changed this incident: your last change was not saved.')}
          action={
            <Button icon={<ReloadOutlined />} onClick={load} data-testid="incident-reload">
              {t('Reload')}
            </Button>
          }
        />
      )}
      {incident.supplementaryDue && (
        <Alert
          type="warning"
          showIcon
          data-testid="supplementary-due"
          message={t('The facts changed after a report was sent: a supplementary report is owed.')}
        />
      )}
      {!rights.write && (
        <Typography.Text type="secondary" data-testid="read-only">
          {t('You can read this incident; your role does not change it.')}
        </Typography.Text>
      )}
      <ClocksCard incident={incident} now={now} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <GradingCard incident={incident} catalog={catalog} canWrite={rights.write} send={send} />
            <ReportsCard incident={incident} canWrite={rights.write} send={send} />
            {incident.personalInformation && (
              <BreachCard incident={incident} catalog={catalog} canWrite={rights.breach} send={send} />
            )}
          </Space>
        </Col>
        <Col xs={24} xl={12}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <DetailsCard
              incident={incident}
              catalog={catalog}
              canWrite={rights.write}
              send={send}
              conflict={conflict !== null}
              onReload={load}
            />
            <TasksCard incident={incident} canWrite={rights.write} send={send} />
            <AttachmentsCard incident={incident} canWrite={rights.write} send={send} />
            <CloseCard incident={incident} canWrite={rights.write} send={send} />
            <TimelineCard incident={incident} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
