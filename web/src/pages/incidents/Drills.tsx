import { MinusCircleOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { shanghaiDate } from '../../deadline-format.js';
import { clearErrorsOnChange, useErrorOnField, useErrorText } from '../../error-text.js';
import { validValues } from '../../form-values.js';
import { CursorPager, queryString, useServerPage } from '../../server-table.js';
import { useIncidentRights } from './shared.js';
import type { DrillList, DrillView } from './types.js';

type DrillValues = {
  scenario: string;
  heldOn: Dayjs;
  participants: number;
  participantNames?: string;
  findings: string;
  followUps?: { title: string; owner?: string; dueOn?: Dayjs | null }[];
};

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

/** 应急演练: every drill (scenario, participants, findings, follow-ups), recorded as evidence for the plan and drill duties. */
export function DrillsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const rights = useIncidentRights();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<DrillValues>();
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const drills = useServerPage<DrillList, 'drills'>(
    '/api/incidents/drills',
    'drills',
    queryString({ q: q.trim() }),
    {
      pageSize: 10,
      onError,
    },
  );

  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    try {
      await api<DrillView>('POST', '/api/incidents/drills', {
        scenario: v.scenario,
        heldOn: day(v.heldOn),
        participants: v.participants,
        participantNames: v.participantNames ?? '',
        findings: v.findings,
        followUps: (v.followUps ?? []).map((f) => ({
          title: f.title,
          owner: f.owner?.trim() || null,
          dueOn: day(f.dueOn),
          doneOn: null,
        })),
      });
      void message.success(t('Drill recorded in the evidence ledger'));
      setOpen(false);
      form.resetFields();
      drills.reload();
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    }
  };

  const markDone = async (drill: DrillView, index: number, done: boolean) => {
    try {
      await api<DrillView>('PATCH', `/api/incidents/drills/${drill.id}/follow-ups/${index}`, {
        doneOn: done ? shanghaiDate(new Date().toISOString()) : null,
      });
      drills.reload();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="drills">
      <Space wrap>
        {rights.write && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setOpen(true)}
            data-testid="new-drill"
          >
            {t('Record a drill')}
          </Button>
        )}
        <Input.Search
          allowClear
          placeholder={t('Search: scenario or findings')}
          enterButton={<SearchOutlined />}
          onSearch={setQ}
          style={{ width: 300 }}
        />
      </Space>
      <Table<DrillView>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        loading={drills.loading}
        dataSource={drills.items}
        pagination={false}
        locale={{ emptyText: t('No drill recorded yet.') }}
        expandable={{
          expandedRowRender: (d) => (
            <Space direction="vertical">
              <span>
                <Typography.Text type="secondary">{t('Findings')}: </Typography.Text>
                {d.findings}
              </span>
              {d.participantNames && (
                <span>
                  <Typography.Text type="secondary">{t('Participants')}: </Typography.Text>
                  {d.participantNames}
                </span>
              )}
              {d.migratedFrom && <Tag>{t('moved here from the CII drill register')}</Tag>}
            </Space>
          ),
        }}
        columns={[
          { title: t('Held on'), width: 110, render: (_, d) => d.heldOn },
          { title: t('Scenario'), render: (_, d) => d.scenario },
          {
            title: t('Plan rehearsed'),
            render: (_, d) =>
              d.plan
                ? t('{{title}} (version {{version}})', { title: d.plan.title, version: d.plan.version })
                : (d.planVersionText ?? '—'),
          },
          { title: t('Participants'), width: 100, render: (_, d) => d.participants },
          {
            title: t('Follow-ups'),
            render: (_, d) =>
              d.followUps.length === 0 ? (
                '—'
              ) : (
                <Space direction="vertical" size={0}>
                  {d.followUps.map((f, i) => (
                    <Checkbox
                      key={`${d.id}-${i}`}
                      checked={!!f.doneOn}
                      disabled={!rights.write}
                      onChange={(e) => void markDone(d, i, e.target.checked)}
                      data-testid={`follow-up-${d.id}-${i}`}
                    >
                      <Typography.Text delete={!!f.doneOn}>{f.title}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {[
                          f.owner,
                          f.dueOn && t('due {{at}}', { at: f.dueOn }),
                          f.doneOn && t('done {{on}}', { on: f.doneOn }),
                        ]
                          .filter(Boolean)
                          .map((x) => ` · ${x}`)
                          .join('')}
                      </Typography.Text>
                    </Checkbox>
                  ))}
                </Space>
              ),
          },
        ]}
      />
      <CursorPager
        page={drills.page}
        hasNext={drills.hasNext}
        loading={drills.loading}
        onPrev={drills.goPrev}
        onNext={drills.goNext}
        pageSize={drills.pageSize}
        onPageSize={drills.setPageSize}
        testId="drill-pager"
      />
      <Modal
        open={open}
        title={t('Record a drill')}
        onOk={() => void save()}
        onCancel={() => setOpen(false)}
        okText={t('Save')}
        width={680}
        forceRender
      >
        <Form
          form={form}
          layout="vertical"
          name="drill"
          initialValues={{ heldOn: dayjs(shanghaiDate(new Date().toISOString())), followUps: [] }}
          onValuesChange={clearErrorsOnChange(form)}
        >
          <Form.Item
            name="scenario"
            label={t('Scenario')}
            rules={[{ required: true, whitespace: true, max: 500 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="heldOn" label={t('Held on')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="participants" label={t('Number of participants')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100_000} precision={0} />
          </Form.Item>
          <Form.Item name="participantNames" label={t('Who took part')}>
            <Input.TextArea rows={2} maxLength={5000} />
          </Form.Item>
          <Form.Item name="findings" label={t('Findings')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={20_000} />
          </Form.Item>
          <Typography.Text strong>{t('Follow-ups')}</Typography.Text>
          <Form.List name="followUps">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item
                      name={[f.name, 'title']}
                      rules={[{ required: true, whitespace: true, max: 500 }]}
                    >
                      <Input placeholder={t('What is to be done')} style={{ width: 240 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'owner']}>
                      <Input placeholder={t('Who (username)')} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'dueOn']}>
                      <DatePicker placeholder={t('Due on')} />
                    </Form.Item>
                    <MinusCircleOutlined aria-label={t('Remove')} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} style={{ marginTop: 8 }}>
                  {t('Add a follow-up')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Space>
  );
}
