import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { identifierKinds } from '../../../../contract/identity.js';
import { api } from '../../api.js';
import { useErrorText } from '../../error-text.js';
import { Issues, kindLabel, labelOf, useLang, type IdentifierKind, type ValidateResponse } from './shared.js';

/** The server's validator (POST: the number stays out of the address and the audit trail's path). */
export function validateIdentifier(kind: IdentifierKind, value: string): Promise<ValidateResponse> {
  return api<ValidateResponse>('POST', '/api/identity/validate', { kind, value });
}

/**
 * A form rule checking a number with the server's validator, the reasons in
 * the console's language (the same rules the enrolment applies).
 */
export function useIdentifierRule(kind: IdentifierKind) {
  const lang = useLang();
  const errorText = useErrorText();
  return useCallback(
    () => ({
      validator: async (_: unknown, value: unknown) => {
        if (typeof value !== 'string' || value.trim() === '') return;
        let r: ValidateResponse;
        try {
          r = await validateIdentifier(kind, value.trim());
        } catch (e) {
          throw new Error(errorText(e));
        }
        if (!r.valid) throw new Error(r.reasons.map((x) => x.message[lang]).join('；') || 'invalid');
      },
    }),
    [kind, lang, errorText],
  );
}

/**
 * 号码校验: a resident identity number, a unified social credit code or a
 * mobile number checked as the enrolment checks it, with the reasons and
 * warnings, and what a valid resident number says (area, birth date, sex).
 * Nothing is stored; the number is sent in a request body only.
 */
export function ValidatePanel() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [kind, setKind] = useState<IdentifierKind>('resident-id');
  const [value, setValue] = useState('');
  const [result, setResult] = useState<ValidateResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    if (!value.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await validateIdentifier(kind, value.trim()));
    } catch (e) {
      setResult(null);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space
      direction="vertical"
      size="middle"
      style={{ width: '100%', maxWidth: 820 }}
      data-testid="identity-validate"
    >
      <Typography.Paragraph type="secondary">
        {t(
          'Checks a number by the national standard (GB 11643 for resident identity numbers, GB 32100 for credit codes) and the mainland numbering plan. Nothing is stored.',
        )}
      </Typography.Paragraph>
      <Form layout="inline" onFinish={() => void run()}>
        <Form.Item label={t('Kind')}>
          <Select<IdentifierKind>
            value={kind}
            onChange={(k) => {
              setKind(k);
              setResult(null);
            }}
            style={{ width: 220 }}
            data-testid="validate-kind"
            options={identifierKinds.map((k) => ({ value: k, label: labelOf(t, kindLabel, k) }))}
          />
        </Form.Item>
        <Form.Item label={t('Number')}>
          <Input
            value={value}
            onChange={(e) => setValue(e.target.value)}
            style={{ width: 280 }}
            autoComplete="off"
            data-testid="validate-value"
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="validate-run">
            {t('Check')}
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} data-testid="validate-error" />}
      {result && <ValidateResult result={result} />}
    </Space>
  );
}

function ValidateResult({ result }: { result: ValidateResponse }) {
  const { t } = useTranslation();
  const d = result.details;
  const items = [
    ...(result.normalized
      ? [
          {
            key: 'normalized',
            label: t('Normalised form'),
            children: (
              <Typography.Text code data-testid="validate-normalized">
                {result.normalized}
              </Typography.Text>
            ),
          },
        ]
      : []),
    ...(d
      ? [
          {
            key: 'area',
            label: t('Area of issue'),
            children: <span data-testid="validate-area">{d.area ?? t('not in the code list')}</span>,
          },
          {
            key: 'birth',
            label: t('Date of birth'),
            children: <span data-testid="validate-birth">{d.birthDate}</span>,
          },
          {
            key: 'sex',
            label: t('Sex'),
            children: <span data-testid="validate-sex">{d.sex === 'male' ? t('Male') : t('Female')}</span>,
          },
        ]
      : []),
  ];
  return (
    <Card size="small" data-testid="validate-result" data-valid={String(result.valid)}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {result.valid ? (
          <Typography.Text type="success" strong>
            <CheckCircleOutlined /> {t('Valid')}
          </Typography.Text>
        ) : (
          <Typography.Text type="danger" strong>
            <CloseCircleOutlined /> {t('Not valid')}
          </Typography.Text>
        )}
        <Issues issues={result.reasons} type="danger" testId="validate-reasons" />
        {result.warnings.length > 0 && (
          <>
            <Typography.Text strong>{t('Warnings')}</Typography.Text>
            <Issues issues={result.warnings} type="warning" testId="validate-warnings" />
          </>
        )}
        {items.length > 0 && <Descriptions size="small" column={1} bordered items={items} />}
      </Space>
    </Card>
  );
}
