import { Alert, List, Space, Spin, Typography } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { shanghaiDateTime } from '../../deadline-format.js';
import { useErrorText } from '../../error-text.js';
import type { SourceActivity } from './shared.js';

echarts.use([BarChart, GridComponent, MarkAreaComponent, TooltipComponent, CanvasRenderer]);

/**
 * One source's events per hour (the server's default span: the last 7 days),
 * Beijing hours on the axis, the gaps of a source that usually sends shaded
 * red and listed beneath.
 */
export function ActivityChart({ source }: { source: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [activity, setActivity] = useState<SourceActivity | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    api<SourceActivity>('GET', `/api/logvault/sources/${encodeURIComponent(source)}/activity`).then(
      (a) => live && setActivity(a),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [source]);

  useEffect(() => {
    if (!activity || !ref.current) return;
    const chart = echarts.init(ref.current);
    const label = (iso: string) => shanghaiDateTime(iso);
    const hourOf = new Map(activity.hours.map((h, i) => [Date.parse(h.at), i]));
    const nearest = (iso: string) => {
      const at = Date.parse(iso);
      const exact = hourOf.get(at - (at % 3_600_000));
      return exact ?? (at <= Date.parse(activity.hours[0]?.at ?? iso) ? 0 : activity.hours.length - 1);
    };
    chart.setOption({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: activity.hours.map((h) => label(h.at)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('Events'),
          type: 'bar',
          color: '#1677ff',
          data: activity.hours.map((h) => h.events),
          markArea: {
            silent: true,
            itemStyle: { color: 'rgba(255, 77, 79, 0.18)' },
            data: activity.gaps.map((g) => [
              { xAxis: nearest(g.from) },
              { xAxis: Math.max(nearest(g.from), nearest(g.to) - 1) },
            ]),
          },
        },
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [activity, t]);

  if (error) return <Alert type="error" showIcon message={errorText(error)} />;
  if (!activity) return <Spin />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="source-activity-chart">
      <Typography.Text type="secondary">
        {t('Events per hour, {{from}} to {{to}} (Beijing time)', {
          from: shanghaiDateTime(activity.from),
          to: shanghaiDateTime(activity.to),
        })}
      </Typography.Text>
      <div ref={ref} style={{ height: 260 }} />
      {activity.gaps.length === 0 ? (
        <Typography.Text type="success" data-testid="no-gaps">
          {t('No gap: the source sent every hour it usually sends.')}
        </Typography.Text>
      ) : (
        <List
          size="small"
          header={<Typography.Text strong>{t('Gaps (hours without events)')}</Typography.Text>}
          dataSource={activity.gaps}
          data-testid="activity-gaps"
          renderItem={(g) => (
            <List.Item>
              <Typography.Text type="danger">
                {t('{{from}} to {{to}}: {{n}} hours', {
                  from: shanghaiDateTime(g.from),
                  to: shanghaiDateTime(g.to),
                  n: g.hours,
                  count: g.hours,
                })}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}
