import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrolmentResponse } from '../../../../contract/identity.js';
import { api, ApiError } from '../../api.js';
import { clearErrorsOnChange, useErrorOnField, useErrorText } from '../../error-text.js';
import { validValues } from '../../form-values.js';
import {
  beijing,
  GateTag,
  labelOf,
  gateReasonLabel,
  MethodTag,
  useIdentityRights,
  useLang,
  VerificationStatusTag,
  type GateCheckResponse,
  type ServiceConfig,
  type ServiceList,
  type Verification,
} from './shared.js';
import { useIdentifierRule } from './Validate.js';

/** Seconds before a code may be sent again (the server refuses earlier and says so). */
const RESEND_WAIT_S = 60;

function useServices(): ServiceConfig[] {
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [services, setServices] = useState<ServiceConfig[]>([]);
  useEffect(() => {
    api<ServiceList>('GET', '/api/identity/services').then(
      (s) => setServices(s.services),
      (e: unknown) => void message.error(errorText(e)),
    );
  }, [message, errorText]);
  return services;
}

/**
 * 实名登记与核验: the operator's test bench and the demo's flow. Enrol a
 * person for a service (the numbers checked as the server checks them), enter
 * the SMS code of the pending verification, and try the gate for a service
 * and user. Production platforms call the same API with a service account.
 */
export function EnrolPanel() {
  const { t } = useTranslation();
  const rights = useIdentityRights();
  const services = useServices();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="identity-enrol">
      <Alert
        type="info"
        showIcon
        message={t(
          'This is the operator’s test bench. In production your platform calls the same API (POST /api/identity/enrolments, then /api/identity/gate/check on every sign-in or post) with a service account whose token holds the scope "real-name gate".',
        )}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          {rights.enrol ? (
            <EnrolCard services={services} />
          ) : (
            <Alert type="info" message={t('Your role may not register users.')} />
          )}
        </Col>
        <Col xs={24} xl={10}>
          {rights.check && <GateTester services={services} />}
        </Col>
      </Row>
    </Space>
  );
}

interface EnrolValues {
  service: string;
  user: string;
  name: string;
  idNumber: string;
  phone: string;
}

function EnrolCard({ services }: { services: ServiceConfig[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const errorOnField = useErrorOnField();
  const residentRule = useIdentifierRule('resident-id');
  const mobileRule = useIdentifierRule('mobile');
  const [form] = Form.useForm<EnrolValues>();
  const [busy, setBusy] = useState(false);
  const [enrolment, setEnrolment] = useState<EnrolmentResponse | null>(null);
  const [gate, setGate] = useState<GateCheckResponse | null>(null);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    try {
      const r = await api<EnrolmentResponse>('POST', '/api/identity/enrolments', {
        service: v.service,
        user: v.user.trim(),
        name: v.name.trim(),
        idNumber: v.idNumber.trim(),
        phone: v.phone.trim(),
      });
      setEnrolment(r);
      setGate(r.gate);
      // The clear numbers leave the page once the vault has them.
      form.resetFields(['name', 'idNumber', 'phone']);
    } catch (e) {
      if (!errorOnField(form, e)) void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const updated = async (v: Verification) => {
    if (!enrolment) return;
    setEnrolment({
      ...enrolment,
      verifications: enrolment.verifications.map((x) => (x.id === v.id ? v : x)),
    });
    if (v.status !== 'pending') {
      try {
        setGate(
          await api<GateCheckResponse>('POST', '/api/identity/gate/check', {
            service: enrolment.service,
            user: enrolment.user,
          }),
        );
      } catch (e) {
        void message.error(errorText(e));
      }
    }
  };

  return (
    <Card size="small" title={t('Register a user for a service')} data-testid="enrol-card">
      <Form
        form={form}
        layout="vertical"
        onValuesChange={clearErrorsOnChange(form)}
        data-testid="enrol-form"
        autoComplete="off"
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="service"
              label={t('Service')}
              rules={[{ required: true, message: t('Choose the service.') }]}
            >
              <Select
                data-testid="enrol-service"
                placeholder={services.length ? undefined : t('Configure a service first')}
                options={services.map((s) => ({ value: s.key, label: `${s.name} (${s.key})` }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="user"
              label={t('User id on the platform')}
              rules={[
                { required: true, whitespace: true, message: t('Give the user id.') },
                { pattern: /^[\x21-\x7e]+$/, message: t('Letters, digits and signs without spaces.') },
                { max: 128 },
              ]}
            >
              <Input data-testid="enrol-user" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="name"
          label={t('Full name')}
          rules={[{ required: true, whitespace: true, message: t('Give the name.') }, { max: 100 }]}
        >
          <Input data-testid="enrol-name" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="idNumber"
              label={t('Resident identity card number')}
              validateTrigger="onBlur"
              validateDebounce={200}
              rules={[
                { required: true, whitespace: true, message: t('Give the identity number.') },
                residentRule,
              ]}
            >
              <Input data-testid="enrol-id-number" maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="phone"
              label={t('Mobile phone number')}
              validateTrigger="onBlur"
              validateDebounce={200}
              rules={[{ required: true, whitespace: true, message: t('Give the phone number.') }, mobileRule]}
            >
              <Input data-testid="enrol-phone" maxLength={40} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="enrol-submit">
          {t('Register and start verification')}
        </Button>
      </Form>
      {enrolment && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 16 }} data-testid="enrol-result">
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              {
                key: 'handle',
                label: t('Public handle'),
                children: <span data-testid="enrol-handle">{enrolment.handle}</span>,
              },
              {
                key: 'known',
                label: t('Person'),
                children: enrolment.knownPerson
                  ? t('Already in the vault: this account is linked to the same person.')
                  : t('New in the vault.'),
              },
            ]}
          />
          {enrolment.verifications.map((v) => (
            <VerificationCard key={v.id} verification={v} onChange={(x) => void updated(x)} />
          ))}
          {gate && <GateAnswer answer={gate} testId="enrol-gate" />}
        </Space>
      )}
    </Card>
  );
}

/** One verification of an enrolment: its outcome, and for a pending SMS code the code and a resend. */
function VerificationCard({
  verification: v,
  onChange,
}: {
  verification: Verification;
  onChange: (v: Verification) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sentAt, setSentAt] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const pending = v.status === 'pending';
  useEffect(() => {
    if (!pending) return;
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [pending]);
  const wait = Math.max(0, RESEND_WAIT_S - Math.floor((now - sentAt) / 1000));

  const enter = async () => {
    if (code.trim().length < 4) {
      setError(t('Enter the code the user received.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api<Verification>('POST', `/api/identity/verifications/${v.id}/code`, {
        code: code.trim(),
      });
      setCode('');
      if (r.status === 'pending') setError(t('The code is not right. Check it and try again.'));
      onChange(r);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const resend = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<Verification>('POST', `/api/identity/verifications/${v.id}/resend`);
      setSentAt(Date.now());
      void message.success(t('A new code was sent.'));
      onChange(r);
    } catch (e) {
      // Too soon: the server says how long to wait, and the button counts it down.
      const retry =
        e instanceof ApiError
          ? (e.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
          : undefined;
      if (typeof retry === 'number') setSentAt(Date.now() - (RESEND_WAIT_S - retry) * 1000);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      size="small"
      type="inner"
      data-testid={`verification-${v.method}`}
      title={
        <Space size={4}>
          <MethodTag method={v.method} />
          <VerificationStatusTag status={v.status} />
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t('Checked by {{provider}}', { provider: v.provider })}
          {v.reference ? ` · ${t('reference {{ref}}', { ref: v.reference })}` : ''}
        </Typography.Text>
        {v.failure && (
          <Typography.Text type="danger" data-testid="verification-failure">
            {v.failure[lang]}
          </Typography.Text>
        )}
        {v.status === 'verified' && (
          <Typography.Text data-testid="verification-valid-until">
            {t('Verified at {{at}}; holds until {{until}} (Beijing time).', {
              at: beijing(v.verifiedAt),
              until: beijing(v.expiresAt),
            })}
          </Typography.Text>
        )}
        {pending && v.method === 'sms_otp' && (
          <>
            <Typography.Text>
              {t('A code was sent to the phone number given. Enter it by {{at}} (Beijing time).', {
                at: beijing(v.codeExpiresAt),
              })}
            </Typography.Text>
            <Space wrap>
              <Input
                value={code}
                onChange={(e) => setCode(e.target.value)}
                onPressEnter={() => void enter()}
                placeholder={t('The code the user received')}
                style={{ width: 200 }}
                maxLength={12}
                autoComplete="one-time-code"
                data-testid="code-input"
              />
              <Button type="primary" loading={busy} onClick={() => void enter()} data-testid="code-submit">
                {t('Confirm the code')}
              </Button>
              <Button disabled={busy || wait > 0} onClick={() => void resend()} data-testid="code-resend">
                {wait > 0 ? t('Send again in {{s}} s', { s: wait }) : t('Send again')}
              </Button>
            </Space>
          </>
        )}
        {error && <Alert type="error" showIcon message={error} data-testid="code-error" />}
      </Space>
    </Card>
  );
}

/** The gate's answer: allowed or denied, why, the handle and what the user holds. */
export function GateAnswer({ answer, testId }: { answer: GateCheckResponse; testId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Card size="small" type="inner" data-testid={testId} title={t('The gate answers')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space>
          <GateTag allowed={answer.allowed} />
          <Typography.Text data-testid="gate-message">{answer.message[lang]}</Typography.Text>
        </Space>
        {answer.reason && (
          <Typography.Text type="secondary" data-testid="gate-reason" data-reason={answer.reason}>
            {t('Reason for the denial: {{reason}}', { reason: labelOf(t, gateReasonLabel, answer.reason) })}
          </Typography.Text>
        )}
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'handle',
              label: t('Public handle'),
              children: <span data-testid="gate-handle">{answer.handle ?? '—'}</span>,
            },
            {
              key: 'requires',
              label: t('The service requires'),
              children: (
                <Space size={4} wrap>
                  {answer.requires.map((m) => (
                    <MethodTag key={m} method={m} />
                  ))}
                  {answer.requires.length === 0 && '—'}
                </Space>
              ),
            },
            {
              key: 'holds',
              label: t('The user holds'),
              children: (
                <Space size={4} wrap>
                  {answer.holds.map((m) => (
                    <MethodTag key={m} method={m} />
                  ))}
                  {answer.holds.length === 0 && '—'}
                </Space>
              ),
            },
            ...(answer.validUntil
              ? [
                  {
                    key: 'until',
                    label: t('Valid until (Beijing time)'),
                    children: beijing(answer.validUntil),
                  },
                ]
              : []),
          ]}
        />
      </Space>
    </Card>
  );
}

function GateTester({ services }: { services: ServiceConfig[] }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ service: string; user: string }>();
  const [answer, setAnswer] = useState<GateCheckResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      setAnswer(
        await api<GateCheckResponse>('POST', '/api/identity/gate/check', {
          service: v.service,
          user: v.user.trim(),
        }),
      );
    } catch (e) {
      setAnswer(null);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('Try the gate')} data-testid="gate-tester">
      <Form form={form} layout="vertical" autoComplete="off">
        <Form.Item
          name="service"
          label={t('Service')}
          rules={[{ required: true, message: t('Choose the service.') }]}
        >
          <Select
            data-testid="gate-service"
            options={services.map((s) => ({ value: s.key, label: `${s.name} (${s.key})` }))}
          />
        </Form.Item>
        <Form.Item
          name="user"
          label={t('User id on the platform')}
          rules={[{ required: true, whitespace: true, message: t('Give the user id.') }]}
        >
          <Input data-testid="gate-user" onPressEnter={() => void check()} />
        </Form.Item>
        <Button type="primary" loading={busy} onClick={() => void check()} data-testid="gate-check">
          {t('Check')}
        </Button>
      </Form>
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon message={error} />}
      {answer && (
        <div style={{ marginTop: 12 }}>
          <GateAnswer answer={answer} testId="gate-answer" />
        </div>
      )}
    </Card>
  );
}
