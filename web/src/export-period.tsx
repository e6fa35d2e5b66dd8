import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Modal, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { periodInWords } from '../../contract/period.js';
import { useLang } from './cite.js';
import { shanghaiDate } from './deadline-format.js';

/** Today in Beijing, whatever the browser's time zone. */
const beijingToday = () => shanghaiDate(new Date().toISOString());

/** The last six months up to today (Beijing), the default period of an export. */
export function defaultPeriod(today = beijingToday()): [string, string] {
  return [dayjs(today).subtract(6, 'month').add(1, 'day').format('YYYY-MM-DD'), today];
}

/**
 * The query of an export for a period whose last day is included: the API's
 * `to` is the day the period ends before.
 */
export function periodQuery(first: string, last: string): string {
  return `from=${first}&to=${dayjs(last).add(1, 'day').format('YYYY-MM-DD')}`;
}

type Target = 'pdf' | 'tar';
const targets: Record<Target, string> = { pdf: '/api/pack/report.pdf', tar: '/api/pack.tar' };

/**
 * The audit report (PDF) and audit pack (.tar) buttons: each asks for the
 * period first (the last six months by default, or this year), then downloads.
 */
export function ExportButtons() {
  const { t } = useTranslation();
  const lang = useLang();
  const [open, setOpen] = useState<Target | null>(null);
  const [range, setRange] = useState<[string, string]>(defaultPeriod);
  const today = beijingToday();
  const download = () => {
    if (!open) return;
    const a = document.createElement('a');
    a.href = `${targets[open]}?${periodQuery(range[0], range[1])}`;
    a.download = '';
    document.body.append(a);
    a.click();
    a.remove();
    setOpen(null);
  };
  return (
    <>
      <Button icon={<DownloadOutlined />} onClick={() => setOpen('tar')} data-testid="pack-tar">
        {t('Audit pack (.tar)')}
      </Button>
      <Button icon={<DownloadOutlined />} onClick={() => setOpen('pdf')} data-testid="report-pdf">
        {t('Audit report (PDF)')}
      </Button>
      <Modal
        open={open !== null}
        title={open === 'tar' ? t('Export the audit pack') : t('Export the audit report')}
        okText={t('Download')}
        onOk={download}
        onCancel={() => setOpen(null)}
        okButtonProps={{ 'data-testid': 'export-download' } as Record<string, string>}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {t('Which period? The first and the last day are both included.')}
          </Typography.Text>
          <Space>
            <Button
              size="small"
              onClick={() => setRange(defaultPeriod(today))}
              data-testid="export-six-months"
            >
              {t('Last six months')}
            </Button>
            <Button size="small" onClick={() => setRange([`${today.slice(0, 4)}-01-01`, today])}>
              {t('This year')}
            </Button>
          </Space>
          <DatePicker.RangePicker
            data-testid="export-period"
            allowClear={false}
            value={[dayjs(range[0]), dayjs(range[1])]}
            disabledDate={(d: Dayjs) => d.format('YYYY-MM-DD') > today}
            onChange={(v) => {
              if (v?.[0] && v[1]) setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')]);
            }}
          />
          <Typography.Text type="secondary" data-testid="export-period-words">
            {periodInWords(range[0], range[1], lang)}
          </Typography.Text>
        </Space>
      </Modal>
    </>
  );
}
