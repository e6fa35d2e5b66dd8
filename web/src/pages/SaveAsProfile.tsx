import { SaveOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Organisation, type Profile } from '../api.js';
import { useAuth } from '../auth.js';
import { useErrorText } from '../error-text.js';

/**
 * The applicability wizard's answers saved as the organisation's profile
 * (PUT /api/organisation), after a confirmation saying what it replaces:
 * the workspace's duties follow the saved profile. Shown to those whose role
 * may change the profile (`can('organisation.update')`).
 */
export function SaveAsProfile({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const errorText = useErrorText();
  const [saving, setSaving] = useState(false);
  if (!can('organisation.update')) return null;
  const save = async () => {
    setSaving(true);
    try {
      await api<Organisation>('PUT', '/api/organisation', { profile });
      void message.success(t('Saved as the organisation profile: the workspace now follows these answers.'));
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Popconfirm
      title={t('Save these answers as the organisation profile?')}
      description={t(
        "They replace the profile in Settings; the workspace's duties and deadlines follow them from now on.",
      )}
      okText={t('Save as the profile')}
      cancelText={t('Cancel')}
      onConfirm={() => void save()}
    >
      <Button
        icon={<SaveOutlined />}
        loading={saving}
        style={{ marginTop: 16 }}
        data-testid="save-as-profile"
      >
        {t('Save as the organisation profile')}
      </Button>
    </Popconfirm>
  );
}
