import { PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  List,
  Popconfirm,
  Space,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clearErrorsOnChange, useErrorOnField, useErrorText } from '../../error-text.js';
import { validValues } from '../../form-values.js';
import { beijing, beijingToPicker, pickerToBeijing } from './shared.js';
import type { IncidentView, Send } from './types.js';

type CardProps = { incident: IncidentView; canWrite: boolean; send: Send };

/** 处置任务: what is to be done, by whom, ticked off when done. */
export function TasksCard({ incident, canWrite, send }: CardProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [form] = Form.useForm<{ title: string; assignee?: string; dueAt?: Dayjs | null }>();
  const base = `/api/incidents/${incident.id}`;

  const add = async () => {
    const v = await validValues(form);
    if (!v) return;
    try {
      await send('POST', `${base}/tasks`, {
        title: v.title,
        assignee: v.assignee?.trim() || null,
        dueAt: pickerToBeijing(v.dueAt),
      });
      form.resetFields();
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    }
  };
  const toggle = async (taskId: string, done: boolean) => {
    try {
      await send('PATCH', `${base}/tasks/${taskId}`, { done });
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Card size="small" title={t('Tasks')} data-testid="tasks-card">
      <List
        size="small"
        dataSource={incident.tasks}
        locale={{ emptyText: t('No task yet.') }}
        renderItem={(task) => (
          <List.Item data-testid={`task-${task.id}`}>
            <Space direction="vertical" size={0}>
              <Checkbox
                checked={!!task.doneAt}
                disabled={!canWrite}
                onChange={(e) => void toggle(task.id, e.target.checked)}
              >
                <Typography.Text delete={!!task.doneAt}>{task.title}</Typography.Text>
              </Checkbox>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[
                  task.assignee && t('assigned to {{who}}', { who: task.assignee }),
                  task.dueAt && t('due {{at}}', { at: beijing(task.dueAt) }),
                  task.doneAt &&
                    t('done {{at}} by {{who}}', { at: beijing(task.doneAt), who: task.doneBy ?? '' }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {canWrite && (
        <Form
          form={form}
          layout="inline"
          name="task-add"
          style={{ rowGap: 8, marginTop: 8 }}
          onValuesChange={clearErrorsOnChange(form)}
        >
          <Form.Item name="title" rules={[{ required: true, whitespace: true, max: 500 }]}>
            <Input placeholder={t('What is to be done')} style={{ width: 220 }} data-testid="task-title" />
          </Form.Item>
          <Form.Item name="assignee">
            <Input placeholder={t('Who (username)')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="dueAt">
            <DatePicker showTime format="YYYY-MM-DD HH:mm" placeholder={t('Due (Beijing time)')} />
          </Form.Item>
          <Button icon={<PlusOutlined />} onClick={() => void add()} data-testid="task-add">
            {t('Add task')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

function readFile(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(',')[1] ?? '');
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

const size = (n: number) =>
  n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / 1024 / 1024).toFixed(1)} MB`;

/** 附件: files kept with the incident (logs, screenshots, letters), each with its SHA-256. */
export function AttachmentsCard({ incident, canWrite, send }: CardProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const base = `/api/incidents/${incident.id}`;

  const upload = async (file: File) => {
    // The API takes at most about 10 MB of file (14 million base64 characters).
    if (file.size > 10 * 1024 * 1024) {
      void message.error(t('The file is larger than 10 MB.'));
      return;
    }
    setUploading(true);
    try {
      await send('POST', `${base}/attachments`, { name: file.name, contentBase64: await readFile(file) });
      void message.success(t('Attached'));
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setUploading(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Card size="small" title={t('Attachments')} data-testid="attachments-card">
      <List
        size="small"
        dataSource={incident.attachments}
        locale={{ emptyText: t('No attachment yet.') }}
        renderItem={(a) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <a href={`${base}/attachments/${a.id}`}>
                <PaperClipOutlined /> {a.name}
              </a>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {size(a.size)} · {a.addedBy} · {beijing(a.addedAt)} · SHA-256 {a.sha256.slice(0, 12)}…
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {canWrite && (
        <>
          <input
            ref={input}
            type="file"
            style={{ display: 'none' }}
            data-testid="attachment-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void upload(file);
            }}
          />
          <Button
            icon={<PaperClipOutlined />}
            loading={uploading}
            onClick={() => input.current?.click()}
            style={{ marginTop: 8 }}
          >
            {t('Attach a file')}
          </Button>
        </>
      )}
    </Card>
  );
}

/** 结束处置: the handling end time, from which the final report's 30 days count. */
export function CloseCard({ incident, canWrite, send }: CardProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [form] = Form.useForm<{ handlingEndedAt: Dayjs }>();
  const [fix] = Form.useForm<{ handlingEndedAt: Dayjs; reason: string }>();
  const [fixing, setFixing] = useState(false);

  const correct = async () => {
    const v = await validValues(fix);
    if (!v) return;
    try {
      if (
        await send('POST', `/api/incidents/${incident.id}/close`, {
          version: incident.version,
          handlingEndedAt: pickerToBeijing(v.handlingEndedAt),
          reason: v.reason,
        })
      ) {
        setFixing(false);
        void message.success(t('Handling end time corrected.'));
      }
    } catch (e) {
      if (!errorOnField(fix, e)) void message.error(errorText(e));
    }
  };

  if (incident.status === 'closed')
    return (
      <Card size="small" title={t('End of handling')} data-testid="close-card">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {t('Handling ended {{at}}: the final report is due within 30 days of it.', {
              at: beijing(incident.handlingEndedAt),
            })}
          </Typography.Text>
          {canWrite && !fixing && (
            <Button size="small" onClick={() => setFixing(true)} data-testid="correct-end-open">
              {t('Correct the end time')}
            </Button>
          )}
          {canWrite && fixing && (
            <Form
              form={fix}
              layout="vertical"
              name="correct-end"
              initialValues={{ handlingEndedAt: beijingToPicker(incident.handlingEndedAt ?? incident.now) }}
              onValuesChange={clearErrorsOnChange(fix)}
            >
              <Form.Item
                name="handlingEndedAt"
                label={t('Handling ended at (Beijing time)')}
                rules={[{ required: true }]}
              >
                <DatePicker showTime format="YYYY-MM-DD HH:mm:ss" />
              </Form.Item>
              <Form.Item
                name="reason"
                label={t('Why it is corrected')}
                rules={[{ required: true, whitespace: true, max: 2000 }]}
              >
                <Input.TextArea rows={2} />
              </Form.Item>
              <Space>
                <Button type="primary" onClick={() => void correct()} data-testid="correct-end-save">
                  {t('Save')}
                </Button>
                <Button onClick={() => setFixing(false)}>{t('Cancel')}</Button>
              </Space>
            </Form>
          )}
        </Space>
      </Card>
    );
  if (!canWrite) return null;

  const close = async () => {
    const v = await validValues(form);
    if (!v) return;
    try {
      if (
        await send('POST', `/api/incidents/${incident.id}/close`, {
          version: incident.version,
          handlingEndedAt: pickerToBeijing(v.handlingEndedAt),
        })
      )
        void message.success(t('Handling ended: the final report clock is running.'));
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    }
  };

  return (
    <Card size="small" title={t('End of handling')} data-testid="close-card">
      <Form
        form={form}
        layout="inline"
        name="close"
        initialValues={{ handlingEndedAt: beijingToPicker(incident.now) }}
        onValuesChange={clearErrorsOnChange(form)}
        style={{ rowGap: 8 }}
      >
        <Form.Item
          name="handlingEndedAt"
          label={t('Handling ended at (Beijing time)')}
          rules={[{ required: true }]}
        >
          <DatePicker showTime format="YYYY-MM-DD HH:mm:ss" />
        </Form.Item>
        <Popconfirm
          title={t('End the handling of this incident?')}
          description={t('The final report is then due within 30 days.')}
          onConfirm={() => void close()}
          okText={t('End handling')}
          cancelText={t('Cancel')}
        >
          <Button danger data-testid="close-incident">
            {t('End handling')}
          </Button>
        </Popconfirm>
      </Form>
    </Card>
  );
}

/** 时间线: every action on the incident, with who and when. */
export function TimelineCard({ incident }: { incident: IncidentView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  return (
    <Card size="small" title={t('Timeline')} data-testid="timeline-card">
      <Timeline
        items={incident.timeline.map((e) => ({
          key: e.id,
          children: (
            <>
              <Typography.Text>{e.summary[lang]}</Typography.Text>
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {beijing(e.at)} · {e.actor}
              </Typography.Text>
            </>
          ),
        }))}
      />
    </Card>
  );
}
