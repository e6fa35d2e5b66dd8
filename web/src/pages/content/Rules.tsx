import { CheckCircleOutlined, EyeOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { useErrorText } from '../../error-text.js';
import { CursorPager, useServerPage } from '../../server-table.js';
import {
  beijing,
  categoryCodes,
  categoryLabel,
  DecisionTag,
  decisionLabel,
  Highlighted,
  MatchTags,
  useContentRights,
  type RuleSetContent,
  type RuleSetVersion,
  type RuleSetVersionList,
  type ScreenResult,
  labelOf,
} from './shared.js';

/**
 * 规则集: the published versions (the active one marked), a version's rules
 * searchable by pattern and category, publishing a file (replacing or added
 * to the active set), going back to an older version, and a box to try a
 * text against the active set.
 */
export function RulesPanel() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const errorText = useErrorText();
  const rights = useContentRights();
  const [viewing, setViewing] = useState<number | null>(null);
  const [publishing, setPublishing] = useState(false);
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const list = useServerPage<RuleSetVersionList, 'versions'>('/api/content/rules/versions', 'versions', '', {
    onError,
  });

  const activate = (v: RuleSetVersion) =>
    modal.confirm({
      title: t('Make version {{v}} the active rule set?', { v: v.version }),
      content: t(
        'Screening answers from it at once, without a restart. The change is recorded in the evidence ledger.',
      ),
      okText: t('Activate'),
      cancelText: t('Cancel'),
      onOk: async () => {
        try {
          await api('POST', `/api/content/rules/versions/${v.version}/activate`, {});
          message.success(t('Version {{v}} is active.', { v: v.version }));
          list.reload();
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });

  const empty = !list.loading && list.items.length === 0 && list.page === 1;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="content-rules">
      <Space>
        {rights.publishRules && (
          <Button
            type="primary"
            icon={<UploadOutlined />}
            onClick={() => setPublishing(true)}
            data-testid="rules-publish"
          >
            {t('Publish a rule file')}
          </Button>
        )}
      </Space>
      {empty ? (
        <Empty
          data-testid="rules-empty"
          description={
            <Space direction="vertical" style={{ maxWidth: 640, textAlign: 'left' }}>
              <Typography.Text strong>{t('No rule set has been published yet.')}</Typography.Text>
              <Typography.Text>
                {t(
                  'Load your own word list: a plain text file with one word a line (its words hold items for review unless you choose otherwise), or a JSON or YAML file giving each rule its category and action. The product ships only a small demonstration set.',
                )}
              </Typography.Text>
            </Space>
          }
        />
      ) : (
        <>
          <Table<RuleSetVersion>
            rowKey="version"
            size="small"
            loading={list.loading}
            dataSource={list.items}
            pagination={false}
            data-testid="rules-versions"
            onRow={(v) => ({ 'data-testid': `version-${v.version}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('Version'),
                width: 110,
                render: (_, v) => (
                  <Space size={4}>
                    <Typography.Text strong>{v.version}</Typography.Text>
                    {v.active && (
                      <Tag color="green" data-testid="version-active">
                        {t('active')}
                      </Tag>
                    )}
                  </Space>
                ),
              },
              { title: t('Published (Beijing time)'), width: 150, render: (_, v) => beijing(v.createdAt) },
              { title: t('Published by'), width: 120, ellipsis: true, dataIndex: 'createdBy' },
              {
                title: t('Rules'),
                width: 90,
                render: (_, v) => <span data-testid="version-rules">{v.rules.toLocaleString()}</span>,
              },
              { title: t('Allow-list'), width: 90, render: (_, v) => v.allow.toLocaleString() },
              {
                title: t('Categories'),
                render: (_, v) => (
                  <Space size={2} wrap>
                    {Object.entries(v.categories).map(([c, n]) => (
                      <Tag key={c}>
                        {labelOf(t, categoryLabel, c)} {n}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              { title: t('Note'), ellipsis: true, dataIndex: 'note' },
              {
                title: t('Actions'),
                width: 100,
                render: (_, v) => (
                  <Space size={0}>
                    <Tooltip title={t('Show its rules')}>
                      <Button
                        type="text"
                        size="small"
                        icon={<EyeOutlined />}
                        aria-label={t('Show its rules')}
                        onClick={() => setViewing(v.version)}
                        data-testid="version-view"
                      />
                    </Tooltip>
                    {rights.activateRules && !v.active && (
                      <Tooltip title={t('Activate')}>
                        <Button
                          type="text"
                          size="small"
                          icon={<CheckCircleOutlined />}
                          aria-label={t('Activate')}
                          onClick={() => activate(v)}
                          data-testid="version-activate"
                        />
                      </Tooltip>
                    )}
                  </Space>
                ),
              },
            ]}
          />
          <CursorPager
            page={list.page}
            hasNext={list.hasNext}
            loading={list.loading}
            onPrev={list.goPrev}
            onNext={list.goNext}
            pageSize={list.pageSize}
            onPageSize={list.setPageSize}
            testId="rules-pager"
          />
        </>
      )}
      <TryText canTry={rights.tryText} />
      {viewing !== null && <VersionDrawer version={viewing} onClose={() => setViewing(null)} />}
      {publishing && (
        <PublishModal
          onClose={() => setPublishing(false)}
          onDone={() => {
            setPublishing(false);
            list.reload();
          }}
        />
      )}
    </Space>
  );
}

/** One version's rules and allow-list, searchable by pattern and category. */
function VersionDrawer({ version, onClose }: { version: number; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [content, setContent] = useState<RuleSetContent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    api<RuleSetContent>('GET', `/api/content/rules/versions/${version}`).then(
      (c) => live && setContent(c),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [version, errorText]);
  const rules = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (content?.rules ?? []).filter(
      (r) => (!needle || r.pattern.toLowerCase().includes(needle)) && (!category || r.category === category),
    );
  }, [content, q, category]);
  const categories = useMemo(() => [...new Set((content?.rules ?? []).map((r) => r.category))], [content]);
  return (
    <Drawer
      open
      width={760}
      onClose={onClose}
      title={t('Rule set version {{v}}', { v: version })}
      data-testid="version-drawer"
    >
      {error && <Alert type="error" showIcon message={error} />}
      <Space style={{ marginBottom: 12 }} wrap>
        <Input
          allowClear
          placeholder={t('Search a pattern')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 240 }}
          data-testid="version-q"
        />
        <Select
          allowClear
          placeholder={t('Content category')}
          value={category}
          onChange={setCategory}
          style={{ width: 200 }}
          options={categories.map((c) => ({ value: c, label: labelOf(t, categoryLabel, c) }))}
        />
        <Typography.Text type="secondary">
          {t('{{n}} rules', { n: rules.length, count: rules.length })}
        </Typography.Text>
      </Space>
      <Table
        size="small"
        rowKey={(r) => `${r.pattern}\u0000${r.category}`}
        loading={!content && !error}
        dataSource={rules}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        data-testid="version-rules-table"
        locale={{ emptyText: t('No rule matches.') }}
        columns={[
          { title: t('Pattern'), dataIndex: 'pattern' },
          {
            title: t('Content category'),
            width: 160,
            render: (_, r) => labelOf(t, categoryLabel, r.category),
          },
          {
            title: t('Action'),
            width: 130,
            render: (_, r) => (r.action ? t(decisionLabel[r.action]) : t('by category')),
          },
          { title: t('Note'), ellipsis: true, render: (_, r) => r.note ?? '' },
        ]}
      />
      {content && content.allow.length > 0 && (
        <Card size="small" title={t('Allow-list')} style={{ marginTop: 12 }}>
          <Space size={4} wrap>
            {content.allow.map((a) => (
              <Tag key={a.pattern}>{a.pattern}</Tag>
            ))}
          </Space>
        </Card>
      )}
    </Drawer>
  );
}

type PublishForm = {
  format: 'txt' | 'json' | 'yaml';
  kind: 'rules' | 'allow';
  category?: string;
  mode: 'replace' | 'append';
  note?: string;
  text: string;
};

/** Publishes a file as a new version: read from disk or pasted. */
function PublishModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<PublishForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const format = Form.useWatch('format', form);
  const kind = Form.useWatch('kind', form);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const created = await api<RuleSetVersion>('POST', '/api/content/rules/versions', {
        note: v.note ?? '',
        mode: v.mode,
        file: {
          format: v.format,
          text: v.text,
          kind: v.kind,
          ...(v.format === 'txt' && v.kind === 'rules' && v.category ? { category: v.category } : {}),
        },
      });
      message.success(t('Version {{v}} published and active.', { v: created.version }));
      onDone();
    } catch (e) {
      // A file's error names its line (the server's sentence says which).
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={t('Publish a rule file')}
      okText={t('Publish')}
      cancelText={t('Cancel')}
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      data-testid="publish-modal"
    >
      {error && (
        <Alert
          type="error"
          showIcon
          message={error}
          style={{ marginBottom: 12 }}
          data-testid="publish-error"
        />
      )}
      <Form<PublishForm>
        form={form}
        layout="vertical"
        initialValues={{ format: 'txt', kind: 'rules', mode: 'append', category: 'other' }}
      >
        <Space wrap size="large">
          <Form.Item name="format" label={t('Format')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'txt', label: t('Plain text, one word a line') },
                { value: 'json', label: 'JSON' },
                { value: 'yaml', label: 'YAML' },
              ]}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('The file holds')}>
            <Radio.Group
              options={[
                { value: 'rules', label: t('rules') },
                { value: 'allow', label: t('allow-list entries') },
              ]}
            />
          </Form.Item>
        </Space>
        {format === 'txt' && kind === 'rules' && (
          <Form.Item
            name="category"
            label={t('Category of its words')}
            extra={t('Words of a plain list hold items for review, whatever their category.')}
          >
            <Select
              style={{ width: 260 }}
              data-testid="publish-category"
              options={categoryCodes.map((c) => ({ value: c, label: t(categoryLabel[c]!) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="mode" label={t('With the active rule set')}>
          <Radio.Group
            options={[
              { value: 'append', label: t('add to it') },
              { value: 'replace', label: t('replace it') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('File')}>
          <Upload
            accept=".txt,.json,.yaml,.yml"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((text) => {
                const ext = /\.(json|ya?ml|txt)$/i.exec(file.name)?.[1]?.toLowerCase();
                form.setFieldsValue({
                  text,
                  ...(ext ? { format: ext === 'yml' ? 'yaml' : (ext as PublishForm['format']) } : {}),
                });
              });
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('Read a file')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item
          name="text"
          label={t('Content')}
          rules={[{ required: true, whitespace: true, message: t('Read a file or paste its content.') }]}
        >
          <Input.TextArea rows={8} style={{ fontFamily: 'monospace' }} data-testid="publish-text" />
        </Form.Item>
        <Form.Item name="note" label={t('Note')}>
          <Input maxLength={500} data-testid="publish-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Tries a text against the active rule set: the decision and the spans matched. */
function TryText({ canTry }: { canTry: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [text, setText] = useState('');
  const [tried, setTried] = useState<{ text: string; result: ScreenResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!canTry) return null;
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api<ScreenResult>('POST', '/api/content/screen/try', { text });
      setTried({ text, result });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('Try a text')} data-testid="try-text">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t('Nothing is recorded: the text is screened against the active rule set and forgotten.')}
        </Typography.Text>
        <Input.TextArea
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={65536}
          data-testid="try-input"
        />
        <Button onClick={() => void run()} loading={busy} disabled={!text.trim()} data-testid="try-run">
          {t('Screen it')}
        </Button>
        {error && <Alert type="error" showIcon message={error} />}
        {tried && (
          <Space direction="vertical" data-testid="try-result">
            <Space>
              <DecisionTag decision={tried.result.decision} testId="try-decision" />
              <Typography.Text type="secondary">
                {t('rule set version {{v}}', { v: tried.result.version })}
              </Typography.Text>
            </Space>
            <Typography.Paragraph style={{ marginBottom: 0 }}>
              <Highlighted text={tried.text} matches={tried.result.matches} testId="try-highlighted" />
            </Typography.Paragraph>
            {tried.result.matches.length > 0 ? (
              <MatchTags matches={tried.result.matches} />
            ) : (
              <Typography.Text type="secondary">{t('No rule matched.')}</Typography.Text>
            )}
          </Space>
        )}
      </Space>
    </Card>
  );
}
