import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.js';
import { useAuth } from '../auth.js';
import { useErrorText } from '../error-text.js';
import { setLang, type Lang } from '../i18n.js';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { login } = useAuth();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.username, values.password);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_credentials')
        setError(t('Wrong username or password.'));
      else if (err instanceof ApiError && err.code === 'rate_limited')
        setError(t('Too many attempts; wait a minute and try again.'));
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-wrap">
      <Card style={{ width: 380 }}>
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              网安 wangan
            </Typography.Title>
            <Segmented
              size="small"
              value={i18n.language}
              onChange={(v) => setLang(v as Lang)}
              options={[
                { label: '中文', value: 'zh' },
                { label: 'EN', value: 'en' },
              ]}
            />
          </div>
          <Typography.Text type="secondary">
            {t('Cybersecurity Law compliance, proven by evidence.')}
          </Typography.Text>
          {error && <Alert type="error" message={error} showIcon />}
          <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
            <Form.Item
              name="username"
              label={t('Username')}
              rules={[{ required: true, message: t('Enter your username.') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('Password')}
              rules={[{ required: true, message: t('Enter your password.') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('Sign in')}
            </Button>
          </Form>
        </Space>
      </Card>
    </div>
  );
}
