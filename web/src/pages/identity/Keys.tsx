import { SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Progress, Row, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { useErrorText } from '../../error-text.js';
import { beijing, useIdentityRights, type KeyStatus } from './shared.js';

type Ring = 'vault' | 'index';
type VaultKey = KeyStatus['vault']['keys'][number];

/**
 * 密钥: the vault's key ring (which wraps each person's data key) and the
 * index key ring (the keyed hashes numbers are found by), with the records of
 * each key, which is active and the re-wrap or re-index in progress; an
 * administrator rotates either, after a confirmation.
 */
export function KeysPanel() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const rights = useIdentityRights();
  const [status, setStatus] = useState<KeyStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api<KeyStatus>('GET', '/api/identity/keys').then(setStatus, (e: unknown) => setError(errorText(e)));
  }, [errorText]);
  useEffect(load, [load]);
  // While a re-wrap or re-index runs, follow it.
  const running = !!(status?.rewrapping || status?.index.reindexing);
  useEffect(() => {
    if (!running) return;
    const id = window.setInterval(load, 2000);
    return () => window.clearInterval(id);
  }, [running, load]);

  const rotate = (which: Ring) =>
    modal.confirm({
      title: which === 'vault' ? t('Rotate the vault key?') : t('Rotate the index key?'),
      content:
        which === 'vault'
          ? t(
              'A new key becomes active for new records; every person’s data key is re-wrapped with it in the background. The old key stays until nothing uses it. Service goes on meanwhile.',
            )
          : t(
              'A new index key becomes active; every keyed hash is recomputed in the background. Searches by number keep working meanwhile.',
            ),
      okText: t('Rotate'),
      okButtonProps: { danger: true, 'data-testid': 'rotate-ok' } as never,
      onOk: async () => {
        try {
          setStatus(await api<KeyStatus>('POST', '/api/identity/keys/rotate', { which }));
          void message.success(t('The key is rotated.'));
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!status) return null;
  const progress = (p: { done: number; total: number } | null, label: string) =>
    p && (
      <Space direction="vertical" style={{ width: '100%' }} data-testid="key-progress">
        <Typography.Text>
          <SyncOutlined spin /> {label}
        </Typography.Text>
        <Progress
          percent={p.total ? Math.floor((p.done / p.total) * 100) : 100}
          format={() => `${p.done.toLocaleString()} / ${p.total.toLocaleString()}`}
        />
      </Space>
    );
  const source = (s: 'file' | 'environment') =>
    s === 'file' ? t('from a key file') : t('from the environment');
  return (
    <Row gutter={[16, 16]} data-testid="identity-keys">
      <Col xs={24} xl={12}>
        <Card
          size="small"
          title={t('Vault key ring (wraps each person’s data key)')}
          extra={<Tag>{source(status.vault.source)}</Tag>}
          data-testid="keys-vault"
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            <KeyTable keys={status.vault.keys} recordsLabel={t('People')} />
            {progress(status.rewrapping, t('Re-wrapping data keys with the new key'))}
            {rights.rotateKeys && (
              <Button
                danger
                onClick={() => rotate('vault')}
                disabled={!!status.rewrapping}
                data-testid="rotate-vault"
              >
                {t('Rotate the vault key')}
              </Button>
            )}
          </Space>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card
          size="small"
          title={t('Index key ring (keyed hashes for exact search)')}
          extra={<Tag>{source(status.index.source)}</Tag>}
          data-testid="keys-index"
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            <KeyTable keys={status.index.keys} recordsLabel={t('Index entries')} />
            {progress(status.index.reindexing, t('Re-indexing with the new key'))}
            {rights.rotateKeys && (
              <Button
                danger
                onClick={() => rotate('index')}
                disabled={!!status.index.reindexing}
                data-testid="rotate-index"
              >
                {t('Rotate the index key')}
              </Button>
            )}
          </Space>
        </Card>
      </Col>
    </Row>
  );
}

function KeyTable({ keys, recordsLabel }: { keys: VaultKey[]; recordsLabel: string }) {
  const { t } = useTranslation();
  return (
    <Table<VaultKey>
      size="small"
      rowKey="id"
      tableLayout="fixed"
      pagination={false}
      dataSource={keys}
      columns={[
        {
          title: t('Key'),
          ellipsis: true,
          render: (_, k) => (
            <Space size={4}>
              <Typography.Text code>{k.id}</Typography.Text>
              {k.active && (
                <Tag color="green" data-testid="key-active">
                  {t('active')}
                </Tag>
              )}
            </Space>
          ),
        },
        { title: t('Created (Beijing time)'), width: 150, render: (_, k) => beijing(k.createdAt) },
        { title: recordsLabel, width: 100, render: (_, k) => k.records.toLocaleString() },
      ]}
    />
  );
}
