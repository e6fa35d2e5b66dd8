import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Empty, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { incidentGrades, incidentSorts, incidentStatuses } from '../../../../contract/incidents.js';
import { useErrorText } from '../../error-text.js';
import { CursorPager, queryString, useServerPage } from '../../server-table.js';
import { DrillsPanel } from './Drills.js';
import { IncidentDetail } from './IncidentDetail.js';
import { NewIncident } from './NewIncident.js';
import { PlanPanel } from './Plan.js';
import {
  beijing,
  Countdown,
  GradeTag,
  statusLabel,
  useIncidentCatalog,
  useIncidentRights,
  useServerClock,
} from './shared.js';
import type { IncidentList, IncidentListItem } from './types.js';

type Filter = { q?: string; status?: string; grade?: string; category?: string; sort?: string };

/**
 * 安全事件响应: the incidents (list, or one incident at /incidents/:id), the
 * emergency plan in force and the drills, as tabs (?tab=).
 */
export function IncidentsPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  if (id) return <IncidentDetail id={id} />;
  const tab = params.get('tab') ?? 'incidents';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('Incident response')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'incidents', label: t('Incidents'), children: <IncidentList /> },
          { key: 'plan', label: t('Emergency plan'), children: <PlanPanel /> },
          { key: 'drills', label: t('Drills'), children: <DrillsPanel /> },
        ]}
      />
    </Space>
  );
}

const sortLabels: Record<(typeof incidentSorts)[number], string> = {
  discovered_desc: 'Latest discovered first',
  discovered_asc: 'Earliest discovered first',
};

function IncidentList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const catalog = useIncidentCatalog();
  const rights = useIncidentRights();
  const [form] = Form.useForm<Filter>();
  const [filter, setFilter] = useState<Filter>({ sort: 'discovered_desc' });
  const [creating, setCreating] = useState(false);
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const list = useServerPage<IncidentList, 'incidents'>(
    '/api/incidents',
    'incidents',
    queryString({
      q: filter.q?.trim(),
      status: filter.status,
      grade: filter.grade,
      category: filter.category,
      sort: filter.sort,
    }),
    { onError },
  );
  // The list answers no server time: its countdowns run on the browser's clock (the incident page corrects it).
  const now = useServerClock(null);
  const filtered = !!(filter.q?.trim() || filter.status || filter.grade || filter.category);
  const empty = !list.loading && list.items.length === 0 && list.page === 1 && !filtered;

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="incident-list">
      {rights.write && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="new-incident"
        >
          {t('New incident')}
        </Button>
      )}
      <Form
        form={form}
        layout="inline"
        initialValues={{ sort: 'discovered_desc' }}
        onFinish={(v) => setFilter(v)}
        style={{ rowGap: 8 }}
      >
        <Form.Item name="q">
          <Input
            allowClear
            placeholder={t('Search: reference, title or description')}
            style={{ width: 260 }}
            data-testid="incident-q"
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('Any status')}
            style={{ width: 130 }}
            options={incidentStatuses.map((s) => ({ value: s, label: t(statusLabel[s]) }))}
          />
        </Form.Item>
        <Form.Item name="grade">
          <Select
            allowClear
            placeholder={t('Any grade')}
            style={{ width: 150 }}
            options={(catalog?.grades ?? incidentGrades.map((g) => ({ grade: g, label: null }))).map((g) => ({
              value: g.grade,
              label: g.label ? `${g.grade} ${g.label[lang]}` : g.grade,
            }))}
          />
        </Form.Item>
        <Form.Item name="category">
          <Select
            allowClear
            placeholder={t('Any category')}
            style={{ width: 200 }}
            popupMatchSelectWidth={false}
            options={(catalog?.categories ?? []).map((c) => ({ value: c.code, label: c.name[lang] }))}
          />
        </Form.Item>
        <Form.Item name="sort">
          <Select
            style={{ width: 200 }}
            popupMatchSelectWidth={false}
            options={incidentSorts.map((s) => ({ value: s, label: t(sortLabels[s]) }))}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="incident-search">
            {t('Search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({ sort: 'discovered_desc' });
            }}
          >
            {t('Reset')}
          </Button>
        </Space>
      </Form>
      {empty ? (
        <Empty
          data-testid="incidents-empty"
          description={
            <Space direction="vertical" style={{ maxWidth: 640, textAlign: 'left' }}>
              <Typography.Text strong>{t('No incident on record yet.')}</Typography.Text>
              <Typography.Text>
                {t(
                  'When an incident breaks, open it here with "New incident": its grade is worked out from the facts you enter, and the reporting clocks start from the moment it was discovered.',
                )}
              </Typography.Text>
              <Typography.Text>
                {t(
                  'A security monitoring system (SIEM) can open incidents itself: create a token with the scope "incidents: report in" for a service account under',
                )}{' '}
                <Link to="/settings">{t('Settings → API tokens')}</Link>
                {t(', and have it post its alerts to /api/incidents/ingest.')}
              </Typography.Text>
            </Space>
          }
        />
      ) : (
        <>
          <Table<IncidentListItem>
            rowKey="id"
            size="small"
            tableLayout="fixed"
            loading={list.loading}
            dataSource={list.items}
            pagination={false}
            onRow={(r) => ({ 'data-testid': `incident-row-${r.ref}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('Reference'),
                width: 130,
                render: (_, r) => <Link to={`/incidents/${r.id}`}>{r.ref}</Link>,
              },
              {
                title: t('Title'),
                render: (_, r) => (
                  <Typography.Link ellipsis onClick={() => navigate(`/incidents/${r.id}`)}>
                    {r.title}
                  </Typography.Link>
                ),
              },
              { title: t('Category'), width: 150, render: (_, r) => r.categoryName[lang] },
              {
                title: t('Grade'),
                width: 150,
                render: (_, r) => <GradeTag grade={r.grade} manual={r.manualGrade} />,
              },
              {
                title: t('Discovered (Beijing time)'),
                width: 150,
                render: (_, r) => beijing(r.discoveredAt),
              },
              {
                title: t('Next report due'),
                width: 170,
                render: (_, r) =>
                  r.nextDue ? (
                    <Space direction="vertical" size={0}>
                      <Countdown dueAt={r.nextDue} now={now} testId={`next-due-${r.ref}`} />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {beijing(r.nextDue)}
                      </Typography.Text>
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ),
              },
              {
                title: t('Status'),
                width: 100,
                render: (_, r) => (
                  <Tag color={r.status === 'open' ? 'volcano' : 'default'}>{t(statusLabel[r.status])}</Tag>
                ),
              },
            ]}
          />
          <CursorPager
            page={list.page}
            hasNext={list.hasNext}
            loading={list.loading}
            onPrev={list.goPrev}
            onNext={list.goNext}
            pageSize={list.pageSize}
            onPageSize={list.setPageSize}
            testId="incident-pager"
          />
        </>
      )}
      {creating && (
        <NewIncident
          catalog={catalog}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            navigate(`/incidents/${created.id}`);
          }}
        />
      )}
    </Space>
  );
}
