import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarView, CalendarYearView } from '../../../contract/calendar.js';
import { api, ApiError } from '../api.js';
import { shanghaiDateTime } from '../deadline-format.js';
import { useErrorText } from '../error-text.js';
import { validValues } from '../form-values.js';

type FormValues = {
  year: number;
  reference: string;
  noticeZh?: string;
  noticeEn?: string;
  daysOff: string;
  workingWeekends?: string;
};

const dates = (line: string) => line.match(/\d{4}-\d{2}-\d{2}/g) ?? [];

/** "2027-01-01 2027-01-03" per line (or one date) to [first, last] ranges. */
function ranges(text: string): { ok: (string | [string, string])[]; bad: number[] } {
  const ok: (string | [string, string])[] = [];
  const bad: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const d = dates(line);
    if (d.length === 1) ok.push(d[0]!);
    else if (d.length === 2) ok.push([d[0]!, d[1]!]);
    else bad.push(i + 1);
  });
  return { ok, bad };
}

/**
 * The PRC working-day calendar (Settings): the years shipped with wangan and
 * those added from each year's State Council General Office notice, with the
 * notice; an admin adds the next year by form or by uploading its YAML file.
 */
export function CalendarTab({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [view, setView] = useState<CalendarView | null>(null);
  const [open, setOpen] = useState(false);
  const [issues, setIssues] = useState<string[]>([]);
  const [form] = Form.useForm<FormValues>();

  const load = useCallback(() => {
    api<CalendarView>('GET', '/api/calendar').then(setView, (e: Error) => void message.error(errorText(e)));
  }, [message, errorText]);
  useEffect(load, [load]);

  const send = async (body: unknown) => {
    setIssues([]);
    try {
      const y = await api<CalendarYearView>('POST', '/api/calendar/years', body);
      void message.success(
        t('{{year}} added: working-day deadlines in it are no longer estimates', { year: y.year }),
      );
      setOpen(false);
      form.resetFields();
      load();
    } catch (e) {
      const details = e instanceof ApiError ? e.details : undefined;
      setIssues(
        Array.isArray(details)
          ? (details as { path: string; message: string; messages?: { zh: string; en: string } }[]).map(
              (d) => `${d.path}: ${d.messages?.[lang] ?? d.message}`,
            )
          : [errorText(e)],
      );
    }
  };

  const submitForm = async () => {
    const v = await validValues(form);
    if (!v) return;
    const off = ranges(v.daysOff);
    const worked = (v.workingWeekends ?? '').split(/[\s,]+/).filter(Boolean);
    if (off.bad.length) {
      setIssues(off.bad.map((n) => t('Days off, line {{n}}: one date, or the first and last day', { n })));
      return;
    }
    await send({
      year: v.year,
      reference: v.reference,
      ...(v.noticeZh ? { notice: { zh: v.noticeZh, en: v.noticeEn ?? '' } } : {}),
      days_off: off.ok,
      working_weekends: worked,
    });
  };

  if (!view) return null;
  const next = (view.years[view.years.length - 1]?.year ?? view.lastShippedYear) + 1;
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message={t(
          'Working-day deadlines follow the State Council General Office notice of each year (published in November or December). Years after {{year}} are added here from the notice; until then working days in them are counted Monday to Friday and shown as estimates.',
          { year: view.lastShippedYear },
        )}
      />
      {canEdit && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          style={{ marginBottom: 16 }}
          onClick={() => {
            form.setFieldsValue({ year: next });
            setIssues([]);
            setOpen(true);
          }}
          data-testid="calendar-add"
        >
          {t('Add a year')}
        </Button>
      )}
      <Table
        rowKey="year"
        size="small"
        pagination={false}
        dataSource={view.years}
        data-testid="calendar-years"
        columns={[
          { title: t('Year'), dataIndex: 'year' },
          {
            title: t('Source'),
            render: (_: unknown, y: CalendarYearView) =>
              y.source === 'shipped' ? (
                <Tag>{t('shipped with wangan')}</Tag>
              ) : (
                <Tag color="blue" title={y.addedAt ? shanghaiDateTime(y.addedAt) : undefined}>
                  {t('added by {{name}}', { name: y.addedBy })}
                </Tag>
              ),
          },
          {
            title: t('Notice'),
            render: (_: unknown, y: CalendarYearView) => (
              <>
                {y.reference}
                {y.notice && y.notice.zh !== y.reference && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {y.notice[lang] || y.notice.zh}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t('Days off'),
            render: (_: unknown, y: CalendarYearView) =>
              y.daysOff.map(([a, b]) => (a === b ? a.slice(5) : `${a.slice(5)}–${b.slice(5)}`)).join(', '),
          },
          {
            title: t('Weekend days worked'),
            render: (_: unknown, y: CalendarYearView) =>
              y.workingWeekends.map((d) => d.slice(5)).join(', ') || '—',
          },
        ]}
      />
      <Modal
        open={open}
        title={t('Add a year to the working-day calendar')}
        onCancel={() => setOpen(false)}
        footer={null}
        width={640}
      >
        {issues.length > 0 && (
          <Alert
            type="error"
            style={{ marginBottom: 12 }}
            message={t('The year was not added')}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {issues.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            }
            data-testid="calendar-issues"
          />
        )}
        <Tabs
          items={[
            {
              key: 'form',
              label: t('Form'),
              children: (
                <Form form={form} layout="vertical" onFinish={() => void submitForm()}>
                  <Form.Item
                    name="year"
                    label={t('Year')}
                    rules={[{ required: true, message: t('Enter the year.') }]}
                  >
                    <InputNumber min={2000} max={2100} />
                  </Form.Item>
                  <Form.Item
                    name="reference"
                    label={t('Reference of the notice (document number)')}
                    rules={[{ required: true, min: 3, message: t('Enter the reference of the notice.') }]}
                  >
                    <Input placeholder="国办发明电〔2026〕X号" />
                  </Form.Item>
                  <Form.Item name="noticeZh" label={t('Title of the notice (Chinese)')}>
                    <Input placeholder={`国务院办公厅关于${next}年部分节假日安排的通知`} />
                  </Form.Item>
                  <Form.Item name="noticeEn" label={t('Title of the notice (English, optional)')}>
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name="daysOff"
                    label={t('Days off: one holiday per line, its first and last day (or one date)')}
                    rules={[{ required: true, message: t('Enter the days off.') }]}
                  >
                    <Input.TextArea rows={7} placeholder={`${next}-01-01 ${next}-01-03\n${next}-04-05`} />
                  </Form.Item>
                  <Form.Item name="workingWeekends" label={t('Weekend days worked in exchange')}>
                    <Input.TextArea rows={2} placeholder={`${next}-01-09 ${next}-02-06`} />
                  </Form.Item>
                  <Button type="primary" htmlType="submit">
                    {t('Add')}
                  </Button>
                </Form>
              ),
            },
            {
              key: 'yaml',
              label: t('YAML file'),
              children: (
                <>
                  <Typography.Paragraph type="secondary">
                    {t(
                      'The same shape as a year of catalog/holidays.yaml, with the reference: year, reference, notice {zh, en}, days_off ([first, last] or a date), working_weekends.',
                    )}
                  </Typography.Paragraph>
                  <Upload
                    accept=".yaml,.yml,.json"
                    showUploadList={false}
                    beforeUpload={(file) => {
                      void file.text().then((yaml) => send({ yaml }));
                      return false;
                    }}
                  >
                    <Button icon={<UploadOutlined />}>{t('Upload the YAML file')}</Button>
                  </Upload>
                </>
              ),
            },
          ]}
        />
      </Modal>
    </>
  );
}
