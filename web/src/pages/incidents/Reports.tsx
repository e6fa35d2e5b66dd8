import { DownloadOutlined, SendOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reportKinds } from '../../../../contract/incidents.js';
import { clearErrorsOnChange, useErrorOnField, useErrorText } from '../../error-text.js';
import { validValues } from '../../form-values.js';
import {
  beijing,
  beijingToPicker,
  clockRuleLabel,
  downloadHref,
  pickerToBeijing,
  reportKindLabel,
} from './shared.js';
import type { IncidentReport, IncidentView, ReportKind, Send } from './types.js';

type SentValues = {
  kind: ReportKind;
  rule?: string | null;
  recipient: string;
  channel: string;
  sentAt: Dayjs;
};

/** 报告: the draft of each report to download, the record of a report sent, and the reports sent. */
export function ReportsCard({
  incident,
  canWrite,
  send,
}: {
  incident: IncidentView;
  canWrite: boolean;
  send: Send;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const [form] = Form.useForm<SentValues>();
  const [open, setOpen] = useState(false);
  const kind = Form.useWatch('kind', form);
  const base = `/api/incidents/${incident.id}`;
  // The initial reports still owed, first: recording one prefills its rule and recipient.
  const initialClocks = incident.clocks.filter((c) => c.kind === 'initial');
  const owed = initialClocks.find((c) => c.status === 'running' || c.status === 'overdue');
  const finalClock = incident.clocks.find((c) => c.kind === 'final');

  const recipientFor = (k: ReportKind, rule?: string | null) => {
    if (k === 'initial') return initialClocks.find((c) => c.rule === rule)?.to[lang] ?? '';
    if (k === 'final') return finalClock?.to[lang] ?? '';
    return initialClocks[0]?.to[lang] ?? '';
  };

  const openForm = () => {
    const k: ReportKind = owed ? 'initial' : incident.reports.length ? 'supplementary' : 'initial';
    const rule = k === 'initial' ? (owed ?? initialClocks[0])?.rule : null;
    form.setFieldsValue({
      kind: k,
      rule: rule ?? null,
      recipient: recipientFor(k, rule),
      channel: '',
      sentAt: beijingToPicker(incident.now),
    });
    setOpen(true);
  };

  const record = async () => {
    const v = await validValues(form);
    if (!v) return;
    try {
      const ok = await send('POST', `${base}/reports`, {
        version: incident.version,
        kind: v.kind,
        rule: v.kind === 'initial' ? (v.rule ?? null) : null,
        recipient: v.recipient,
        channel: v.channel,
        sentAt: pickerToBeijing(v.sentAt),
      });
      if (ok) {
        void message.success(
          t('Report recorded as sent: its clock stopped, and the record is in the evidence ledger.'),
        );
        setOpen(false);
      }
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    }
  };

  return (
    <Card size="small" title={t('Reports')} data-testid="reports-card">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t(
            'Drafts are generated from the incident record, in Chinese, with every content item the measures ask for.',
          )}
        </Typography.Text>
        {reportKinds
          // Several initial reports owed (a central organ's CII incident): one draft per recipient.
          .flatMap((k): { k: (typeof reportKinds)[number]; rule?: string; to?: string }[] =>
            k === 'initial' && initialClocks.length > 1
              ? initialClocks.map((c) => ({ k, rule: c.rule, to: c.to[lang] }))
              : [{ k }],
          )
          .map(({ k, rule, to }) => {
            const q = { kind: k, ...(rule ? { rule } : {}) };
            const id = `draft-${k}${rule ? `-${rule}` : ''}`;
            return (
              <Space key={id} wrap>
                <Typography.Text style={{ display: 'inline-block', minWidth: 120 }}>
                  {t(reportKindLabel[k])}
                  {to ? ` · ${to}` : ''}
                </Typography.Text>
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  href={downloadHref(`${base}/reports/draft`, { ...q, format: 'pdf' })}
                  data-testid={`${id}-pdf`}
                >
                  {t('PDF draft')}
                </Button>
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  href={downloadHref(`${base}/reports/draft`, { ...q, format: 'html' })}
                  data-testid={`${id}-html`}
                >
                  {t('Editable draft (opens in Word)')}
                </Button>
              </Space>
            );
          })}
        {canWrite && (
          <Button type="primary" icon={<SendOutlined />} onClick={openForm} data-testid="report-sent-open">
            {t('Record a report as sent')}
          </Button>
        )}
        <Table<IncidentReport>
          rowKey="id"
          size="small"
          pagination={false}
          tableLayout="fixed"
          dataSource={incident.reports}
          locale={{ emptyText: t('No report sent yet.') }}
          onRow={(r) => ({ 'data-testid': `report-${r.kind}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('Report'),
              render: (_, r) => (
                <>
                  {t(reportKindLabel[r.kind])}
                  {r.rule && r.rule !== 'other' && (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {t(clockRuleLabel[r.rule] ?? r.rule)}
                    </Typography.Text>
                  )}
                  {r.late && <Tag color="orange">{t('sent late')}</Tag>}
                </>
              ),
            },
            { title: t('To'), render: (_, r) => r.recipient },
            { title: t('Channel'), render: (_, r) => r.channel },
            {
              title: t('Sent (Beijing time)'),
              width: 140,
              render: (_, r) => (
                <>
                  {beijing(r.sentAt)}
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {r.recordedBy}
                  </Typography.Text>
                </>
              ),
            },
            {
              title: t('Document'),
              width: 110,
              render: (_, r) => (
                <Space size={4}>
                  <a href={downloadHref(`${base}/reports/${r.id}/document`, { format: 'pdf' })}>PDF</a>
                  <a href={downloadHref(`${base}/reports/${r.id}/document`, { format: 'html' })}>HTML</a>
                </Space>
              ),
            },
          ]}
        />
      </Space>
      <Modal
        open={open}
        title={t('Record a report as sent')}
        onOk={() => void record()}
        onCancel={() => setOpen(false)}
        okText={t('Record')}
        forceRender
      >
        <Form
          form={form}
          layout="vertical"
          name="report-sent"
          onValuesChange={(changed: Partial<SentValues>, all: SentValues) => {
            clearErrorsOnChange(form)(changed);
            if ('kind' in changed || 'rule' in changed) {
              const rule = all.kind === 'initial' ? (all.rule ?? initialClocks[0]?.rule ?? null) : null;
              form.setFieldsValue({ rule, recipient: recipientFor(all.kind, rule) });
            }
          }}
        >
          <Form.Item name="kind" label={t('Report')} rules={[{ required: true }]}>
            <Select options={reportKinds.map((k) => ({ value: k, label: t(reportKindLabel[k]) }))} />
          </Form.Item>
          {kind === 'initial' && initialClocks.length > 0 && (
            <Form.Item name="rule" label={t('Deadline it answers')} rules={[{ required: true }]}>
              <Select
                options={initialClocks.map((c) => ({
                  value: c.rule,
                  label: `${t(clockRuleLabel[c.rule] ?? c.rule)} · ${c.to[lang]}`,
                }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="recipient"
            label={t('Sent to')}
            rules={[{ required: true, whitespace: true, max: 200 }]}
          >
            <Input data-testid="report-recipient" />
          </Form.Item>
          <Form.Item
            name="channel"
            label={t('Channel')}
            rules={[{ required: true, whitespace: true, max: 200 }]}
            extra={t('How it was sent: the reporting platform, a phone call, an official letter…')}
          >
            <Input data-testid="report-channel" />
          </Form.Item>
          <Form.Item name="sentAt" label={t('Sent at (Beijing time)')} rules={[{ required: true }]}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm:ss" data-testid="report-sent-at" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
