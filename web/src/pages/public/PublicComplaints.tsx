import {
  CopyOutlined,
  MailOutlined,
  PhoneOutlined,
  HomeOutlined,
  ClockCircleOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Progress,
  Radio,
  Result,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../../api.js';
import { useErrorOnField, useErrorText } from '../../error-text.js';
import { setLang, type Lang } from '../../i18n.js';
import {
  beijing,
  categoryCodes,
  categoryLabel,
  complaintKindLabel,
  complaintStatusLabel,
  ComplaintStatusTag,
  type ComplaintChannel,
  type ComplaintPublicView,
  type ComplaintReceipt,
  type PowChallenge,
} from '../content/shared.js';

/**
 * The public complaint and reporting channel (CSL 2025 Art 51, 2016 Art 49):
 * no sign-in. The published contact methods, a form that solves a proof of
 * work in the browser before it sends (no outside service), an optional
 * contact confirmed by a one-time code, and the receipt shown once; and the
 * tracking page (reference and tracking code → status and public replies).
 */
function PublicFrame({ children, title }: { children: React.ReactNode; title: string }) {
  const { i18n } = useTranslation();
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', padding: '24px 12px' }}>
      <main style={{ maxWidth: 760, margin: '0 auto' }} data-testid="public-page">
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 12 }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {title}
            </Typography.Title>
            <Segmented
              size="small"
              value={i18n.language}
              onChange={(v) => setLang(v as Lang)}
              data-testid="public-lang"
              options={[
                { label: '中文', value: 'zh' },
                { label: 'EN', value: 'en' },
              ]}
            />
          </div>
          {children}
        </Space>
      </main>
    </div>
  );
}

/** Solves a challenge in a Web Worker (on the page's thread in batches where workers are not offered). */
function usePow() {
  const [progress, setProgress] = useState<number | null>(null);
  const worker = useRef<Worker | null>(null);
  useEffect(() => () => worker.current?.terminate(), []);
  const solve = async (): Promise<{ challenge: string; nonce: string }> => {
    const ch = await api<PowChallenge>('GET', '/api/public/challenge');
    // Expected tries: 2^difficulty; progress shows the share of that, capped below 100.
    const expected = 2 ** ch.difficulty;
    setProgress(0);
    const show = (tried: number) => setProgress(Math.min(99, Math.round((100 * tried) / (expected * 2))));
    try {
      const nonce = await new Promise<string>((resolve, reject) => {
        let w: Worker;
        try {
          w = new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' });
        } catch {
          void import('./pow.js').then(({ solveBatch }) => {
            let start = 0;
            const step = () => {
              const n = solveBatch(ch.challenge, ch.difficulty, start, 5000);
              if (n !== null) return resolve(n);
              start += 5000;
              show(start);
              setTimeout(step, 0);
            };
            step();
          }, reject);
          return;
        }
        worker.current = w;
        w.onmessage = (e: MessageEvent<{ nonce?: string; tried: number }>) => {
          show(e.data.tried);
          if (e.data.nonce !== undefined) {
            w.terminate();
            worker.current = null;
            resolve(e.data.nonce);
          }
        };
        w.onerror = (e) => {
          w.terminate();
          worker.current = null;
          reject(new Error(e.message));
        };
        w.postMessage({ challenge: ch.challenge, difficulty: ch.difficulty });
      });
      setProgress(100);
      return { challenge: ch.challenge, nonce };
    } catch (e) {
      setProgress(null);
      throw e;
    }
  };
  return { solve, progress, reset: () => setProgress(null) };
}

function Contacts({ channel }: { channel: ComplaintChannel }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const any = channel.phone || channel.email || channel.address;
  return (
    <Card size="small" title={t('How to reach us')} data-testid="public-contacts">
      <Typography.Paragraph>
        {t('{{org}} receives complaints and reports about the information published on its services.', {
          org: channel.organisation,
        })}
      </Typography.Paragraph>
      {any ? (
        <Descriptions size="small" column={1}>
          {channel.phone && (
            <Descriptions.Item
              label={
                <>
                  <PhoneOutlined /> {t('Phone')}
                </>
              }
            >
              <span data-testid="public-phone">{channel.phone}</span>
            </Descriptions.Item>
          )}
          {channel.email && (
            <Descriptions.Item
              label={
                <>
                  <MailOutlined /> {t('E-mail')}
                </>
              }
            >
              <span data-testid="public-email">{channel.email}</span>
            </Descriptions.Item>
          )}
          {channel.address && (
            <Descriptions.Item
              label={
                <>
                  <HomeOutlined /> {t('Postal address')}
                </>
              }
            >
              {channel.address}
            </Descriptions.Item>
          )}
          {channel.hours && (
            <Descriptions.Item
              label={
                <>
                  <ClockCircleOutlined /> {t('Hours')}
                </>
              }
            >
              {channel.hours[lang]}
            </Descriptions.Item>
          )}
        </Descriptions>
      ) : (
        <Typography.Text type="secondary">{t('Use the form below.')}</Typography.Text>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('We handle each complaint or report within {{n}} working days of receiving it.', {
          n: channel.handlingWorkingDays,
        })}
      </Typography.Paragraph>
    </Card>
  );
}

type SubmitForm = {
  kind: 'complaint' | 'report';
  category: string;
  subject: string;
  body: string;
  target?: string;
  contact?: string;
  code?: string;
};

export function PublicComplaintPage() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const errorText = useErrorText();
  const onField = useErrorOnField();
  const [form] = Form.useForm<SubmitForm>();
  const [channel, setChannel] = useState<ComplaintChannel | null>(null);
  const [channelError, setChannelError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<ComplaintReceipt | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [codeSent, setCodeSent] = useState(false);
  const pow = usePow();
  const contact = Form.useWatch('contact', form);

  useEffect(() => {
    document.title = lang === 'zh' ? '投诉举报' : 'Complaints and reports';
  }, [lang]);
  useEffect(() => {
    api<ComplaintChannel>('GET', '/api/public/content/channel').then(setChannel, (e: unknown) =>
      setChannelError(errorText(e)),
    );
  }, [errorText]);

  const sendCode = async () => {
    const to = form.getFieldValue('contact') as string | undefined;
    if (!to?.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const proof = await pow.solve();
      await api('POST', '/api/public/otp', { to: to.trim(), purpose: 'content.complaint', pow: proof });
      setCodeSent(true);
      message.success(t('A code was sent to {{to}}.', { to: to.trim() }));
    } catch (e) {
      if (!onField(form, e, { to: 'contact' })) setError(errorText(e));
    } finally {
      pow.reset();
      setBusy(false);
    }
  };

  const submit = async (v: SubmitForm) => {
    setBusy(true);
    setError(null);
    try {
      const proof = await pow.solve();
      const body: Record<string, unknown> = {
        kind: v.kind,
        category: v.category,
        subject: v.subject.trim(),
        body: v.body.trim(),
        lang,
        pow: proof,
      };
      if (v.target?.trim()) body.target = v.target.trim();
      if (v.contact?.trim()) body.contact = v.contact.trim();
      if (v.code?.trim()) body.code = v.code.trim();
      setReceipt(await api<ComplaintReceipt>('POST', '/api/public/content/complaints', body));
    } catch (e) {
      if (!onField(form, e)) setError(errorText(e));
      pow.reset();
    } finally {
      setBusy(false);
    }
  };

  const title = t('Complaints and reports');
  if (receipt)
    return (
      <PublicFrame title={title}>
        <Result
          status="success"
          title={t('Received. Keep this reference and tracking code.')}
          subTitle={t('The tracking code is shown only this once: without it you cannot follow the case.')}
          data-testid="public-receipt"
          extra={
            <Space direction="vertical" style={{ textAlign: 'left' }}>
              <Descriptions bordered size="small" column={1}>
                <Descriptions.Item label={t('Case reference')}>
                  <Typography.Text strong copyable data-testid="receipt-reference">
                    {receipt.reference}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('Tracking code')}>
                  <Typography.Text strong copyable={{ icon: <CopyOutlined /> }} data-testid="receipt-code">
                    {receipt.trackingCode}
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('Received (Beijing time)')}>
                  {beijing(receipt.receivedAt)}
                </Descriptions.Item>
                <Descriptions.Item label={t('We answer by (Beijing time)')}>
                  {beijing(receipt.dueAt)}
                </Descriptions.Item>
              </Descriptions>
              <Link
                to={`/public/complaints/track?reference=${encodeURIComponent(receipt.reference)}`}
                data-testid="receipt-track"
              >
                {t('Follow the case')}
              </Link>
            </Space>
          }
        />
      </PublicFrame>
    );

  return (
    <PublicFrame title={title}>
      {channelError && <Alert type="error" showIcon message={channelError} />}
      {channel && <Contacts channel={channel} />}
      <Card size="small" title={t('Write to us')}>
        {error && (
          <Alert
            type="error"
            showIcon
            message={error}
            style={{ marginBottom: 12 }}
            data-testid="public-error"
          />
        )}
        <Form<SubmitForm>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'report', category: 'other' }}
          onFinish={(v) => void submit(v)}
          disabled={busy}
          data-testid="public-form"
        >
          <Form.Item name="kind" label={t('What is it')}>
            <Radio.Group
              options={(['report', 'complaint'] as const).map((k) => ({
                value: k,
                label: t(complaintKindLabel[k]),
              }))}
            />
          </Form.Item>
          <Form.Item name="category" label={t('Content category')}>
            <Select
              data-testid="public-category"
              options={categoryCodes.map((c) => ({ value: c, label: t(categoryLabel[c]!) }))}
            />
          </Form.Item>
          <Form.Item
            name="subject"
            label={t('Subject')}
            rules={[{ required: true, whitespace: true, message: t('Give a subject.') }]}
          >
            <Input maxLength={200} data-testid="public-subject" />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('What happened')}
            rules={[
              { required: true, whitespace: true, message: t('Describe what you complain about or report.') },
            ]}
          >
            <Input.TextArea rows={6} maxLength={10000} showCount data-testid="public-body" />
          </Form.Item>
          <Form.Item name="target" label={t('Where the content is (an address or an account), if you know')}>
            <Input maxLength={2000} data-testid="public-target" />
          </Form.Item>
          <Form.Item
            label={t('How to reach you (optional: a report may be anonymous)')}
            extra={t('An e-mail address or a mobile number. We use it only to answer you.')}
          >
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="contact" noStyle>
                <Input maxLength={200} data-testid="public-contact" />
              </Form.Item>
              <Button
                onClick={() => void sendCode()}
                disabled={!contact?.trim() || busy}
                data-testid="public-send-code"
              >
                {codeSent ? t('Send again') : t('Send a code')}
              </Button>
            </Space.Compact>
          </Form.Item>
          {contact?.trim() && (
            <Form.Item name="code" label={t('The code you received')}>
              <Input maxLength={12} style={{ width: 200 }} data-testid="public-code" />
            </Form.Item>
          )}
          {pow.progress !== null && (
            <div data-testid="public-pow">
              <Typography.Text type="secondary">
                {t('Your browser is doing a short computation that keeps automated floods out…')}
              </Typography.Text>
              <Progress percent={pow.progress} size="small" />
            </div>
          )}
          <Button type="primary" htmlType="submit" loading={busy} data-testid="public-submit">
            {t('Send')}
          </Button>
        </Form>
      </Card>
      <Typography.Text>
        <Link to="/public/complaints/track" data-testid="public-goto-track">
          {t('Already wrote to us? Follow your case')}
        </Link>
      </Typography.Text>
    </PublicFrame>
  );
}

export function PublicTrackPage() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'zh' ? 'zh' : 'en';
  const errorText = useErrorText();
  const [params] = useSearchParams();
  const [form] = Form.useForm<{ reference: string; code: string }>();
  const [view, setView] = useState<ComplaintPublicView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = lang === 'zh' ? '查询处理进度' : 'Follow your case';
  }, [lang]);
  const look = async (v: { reference: string; code: string }) => {
    setBusy(true);
    setError(null);
    try {
      setView(
        await api<ComplaintPublicView>(
          'GET',
          `/api/public/content/complaints/${encodeURIComponent(v.reference.trim())}?code=${encodeURIComponent(v.code.trim())}`,
        ),
      );
    } catch (e) {
      setView(null);
      setError(
        e instanceof ApiError && e.status === 404
          ? t('No case has this reference and tracking code. Check both and try again.')
          : errorText(e),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <PublicFrame title={t('Follow your case')}>
      <Card size="small">
        <Form
          form={form}
          layout="vertical"
          initialValues={{ reference: params.get('reference') ?? '' }}
          onFinish={(v) => void look(v)}
          data-testid="track-form"
        >
          <Form.Item
            name="reference"
            label={t('Case reference')}
            rules={[{ required: true, whitespace: true, message: t('Give the reference.') }]}
          >
            <Input maxLength={100} data-testid="track-reference" />
          </Form.Item>
          <Form.Item
            name="code"
            label={t('Tracking code')}
            rules={[{ required: true, whitespace: true, message: t('Give the tracking code.') }]}
          >
            <Input maxLength={200} data-testid="track-code" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="track-submit">
            {t('Look it up')}
          </Button>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={error} data-testid="track-error" />}
      {view && (
        <Card size="small" title={view.reference} data-testid="track-result">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('Status')}>
              <ComplaintStatusTag status={view.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('Received (Beijing time)')}>
              {beijing(view.receivedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('We answer by (Beijing time)')}>
              {beijing(view.dueAt)}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('Our replies')}</Typography.Title>
          {view.replies.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                view.status === 'closed' || view.status === 'rejected'
                  ? t(complaintStatusLabel[view.status])
                  : t('No reply yet: we are looking into it.')
              }
            />
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              {view.replies.map((r, i) => (
                <div key={i} data-testid="track-reply">
                  <Tag>{beijing(r.at)}</Tag>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>
                    {r.body}
                  </Typography.Paragraph>
                </div>
              ))}
            </Space>
          )}
        </Card>
      )}
      <Link to="/public/complaints">{t('Write to us')}</Link>
    </PublicFrame>
  );
}
