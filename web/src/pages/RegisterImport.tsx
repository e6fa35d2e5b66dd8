import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ImportLineError,
  ImportOutcome,
  ImportPreview,
  RegisterSpecView,
  Value,
} from '../../../contract/registers.js';
import { api, ApiError } from '../api.js';

type PreviewRow = ImportPreview['rows'][number];

/** A file as base64, the way the import routes take it. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(',')[1] ?? '');
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

const statusColour = { new: 'green', duplicate: 'default', example: 'blue' } as const;

/**
 * Importing a register's entries from a file as spreadsheet users make it
 * (CSV in UTF-8 or GB18030, or the .xlsx template): the server reads and
 * checks the file without storing it, the user sees the rows as they will be
 * stored and the line errors in the console's language, and confirms; then
 * the same file is imported, all rows or none.
 */
export function RegisterImport({
  spec,
  refOptions,
  onImported,
}: {
  spec: RegisterSpecView;
  refOptions: Record<string, { value: string; label: string }[]>;
  onImported: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'zh' ? 'zh' : 'en';
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const text = (e: unknown) =>
    e instanceof ApiError ? (e.messages?.[lang] ?? e.message) : e instanceof Error ? e.message : String(e);
  const columns = spec.fields.filter((f) => f.type !== 'file');

  const choose = async (el: HTMLInputElement) => {
    const chosen = el.files?.[0];
    el.value = '';
    if (!chosen) return;
    setBusy(true);
    try {
      const body = { name: chosen.name, file: await base64Of(chosen) };
      setPreview(await api<ImportPreview>('POST', `/api/registers/${spec.id}/import/preview`, body));
      setFile({ name: chosen.name, base64: body.file });
    } catch (e) {
      void message.error(text(e));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setPreview(null);
    setFile(null);
  };

  const confirm = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const r = await api<ImportOutcome>('POST', `/api/registers/${spec.id}/import`, {
        name: file.name,
        file: file.base64,
      });
      void message.success(
        t('{{n}} entries imported into the evidence ledger', { n: r.imported, count: r.imported }),
      );
      if (r.skipped > 0)
        void message.info(
          t('{{n}} rows were already on record and were skipped', { n: r.skipped, count: r.skipped }),
        );
      close();
      onImported();
    } catch (e) {
      // Something changed since the preview (an entry recorded meanwhile): show the lines again.
      const rows =
        e instanceof ApiError ? (e.details as { rows?: ImportLineError[] } | undefined)?.rows : undefined;
      if (rows && preview) setPreview({ ...preview, errors: rows, errorCount: rows.length });
      else void message.error(text(e));
    } finally {
      setBusy(false);
    }
  };

  const cell = (name: string, v: Value | undefined): string => {
    if (v === undefined) return '';
    const f = spec.fields.find((x) => x.name === name);
    if (typeof v === 'object') return v.name;
    if (typeof v === 'boolean') return v ? t('yes') : t('no');
    if (f?.type === 'enum') return f.options?.find((o) => o.value === v)?.[lang] ?? String(v);
    if (f?.type === 'ref') return refOptions[name]?.find((o) => o.value === v)?.label ?? String(v);
    return String(v);
  };

  const fresh = preview?.rows.filter((r) => r.status === 'new').length ?? 0;
  const duplicates = preview?.rows.filter((r) => r.status === 'duplicate').length ?? 0;
  const examples = preview?.rows.filter((r) => r.status === 'example').length ?? 0;
  const errors = preview?.errorCount ?? 0;

  return (
    <>
      <Button icon={<UploadOutlined />} loading={busy && !preview} onClick={() => input.current?.click()}>
        {t('Import from file')}
      </Button>
      <input
        ref={input}
        type="file"
        accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        style={{ display: 'none' }}
        data-testid={`import-${spec.id}`}
        onChange={(e) => void choose(e.target)}
      />
      <Button
        type="link"
        href={`/api/registers/${spec.id}/template.xlsx`}
        data-testid={`template-xlsx-${spec.id}`}
      >
        {t('Excel template')}
      </Button>
      <Button type="link" href={`/api/registers/${spec.id}/template.csv`}>
        {t('CSV template')}
      </Button>
      <Modal
        open={preview !== null}
        width={960}
        title={t('Check the rows of {{file}} before they are stored', { file: file?.name ?? '' })}
        onCancel={close}
        onOk={() => void confirm()}
        okText={t('Import {{n}} entries', { n: fresh, count: fresh })}
        okButtonProps={{
          disabled: errors > 0 || fresh === 0,
          loading: busy,
          'data-testid': 'import-confirm',
        }}
        destroyOnHidden
      >
        {preview && (
          <Space direction="vertical" style={{ width: '100%' }} data-testid="import-preview">
            <Space wrap>
              <Tag color="green">{t('{{n}} new', { n: fresh })}</Tag>
              {duplicates > 0 && (
                <Tag>{t('{{n}} already on record, skipped', { n: duplicates, count: duplicates })}</Tag>
              )}
              {examples > 0 && <Tag color="blue">{t('example row skipped')}</Tag>}
              {preview.encoding === 'gb18030' && <Tag>{t('read as GB18030 (Excel on Chinese Windows)')}</Tag>}
              {preview.format === 'xlsx' && <Tag>{t('Excel workbook')}</Tag>}
            </Space>
            {errors > 0 && (
              <Alert
                type="error"
                data-testid="import-errors"
                message={t(
                  '{{n}} rows have errors; nothing will be imported. Correct the file and choose it again.',
                  {
                    n: errors,
                    count: errors,
                  },
                )}
                description={
                  <ul style={{ margin: 0, maxHeight: 200, overflow: 'auto' }}>
                    {preview.errors.map((r) => (
                      <li key={`${r.line}-${r.field}`} data-testid="import-error">
                        {t('line {{line}}', { line: r.line })}: {r.messages[lang]}
                      </li>
                    ))}
                  </ul>
                }
              />
            )}
            {preview.rows.length > 0 && (
              <Table<PreviewRow>
                rowKey="line"
                size="small"
                scroll={{ x: true }}
                dataSource={preview.rows}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { title: t('Line'), dataIndex: 'line', width: 60 },
                  {
                    title: t('Status'),
                    dataIndex: 'status',
                    width: 110,
                    render: (s: PreviewRow['status']) => (
                      <Tag color={statusColour[s]}>{t(`import.${s}`)}</Tag>
                    ),
                  },
                  ...columns.map((f) => ({
                    title: f.label[lang],
                    key: f.name,
                    render: (_: unknown, r: PreviewRow) => (
                      <Typography.Text ellipsis style={{ maxWidth: 240 }}>
                        {cell(f.name, r.data[f.name])}
                      </Typography.Text>
                    ),
                  })),
                ]}
              />
            )}
          </Space>
        )}
      </Modal>
    </>
  );
}
