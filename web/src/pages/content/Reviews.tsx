import { CheckOutlined, DeleteOutlined } from '@ant-design/icons';
import { App, Button, Empty, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reviewStatuses } from '../../../../contract/content.js';
import { api } from '../../api.js';
import { useErrorText } from '../../error-text.js';
import { CursorPager, queryString, useServerPage } from '../../server-table.js';
import {
  beijing,
  categoryCodes,
  categoryLabel,
  Highlighted,
  MatchTags,
  reviewStatusLabel,
  useContentRights,
  type Review,
  type ReviewList,
  labelOf,
} from './shared.js';

/**
 * 待审核: items the screening held (a rule whose action is review), each
 * excerpt with its matches highlighted; a moderator lets it through or
 * removes it (a removal is a disposal record).
 */
export function ReviewsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const rights = useContentRights();
  const [status, setStatus] = useState<string>('pending');
  const [q, setQ] = useState('');
  const [draft, setDraft] = useState('');
  const [removing, setRemoving] = useState<Review | null>(null);
  const onError = useCallback((e: Error) => void message.error(errorText(e)), [message, errorText]);
  const list = useServerPage<ReviewList, 'reviews'>(
    '/api/content/reviews',
    'reviews',
    queryString({ status, q: q.trim() }),
    { onError },
  );

  const allow = async (r: Review) => {
    try {
      await api('POST', `/api/content/reviews/${r.id}/decision`, { decision: 'allow' });
      message.success(t('Allowed: the item stays published.'));
      list.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="content-reviews">
      <Space wrap>
        <Select
          value={status}
          onChange={setStatus}
          style={{ width: 160 }}
          data-testid="reviews-status"
          options={reviewStatuses.map((s) => ({ value: s, label: t(reviewStatusLabel[s]) }))}
        />
        <Input
          allowClear
          placeholder={t('Search: excerpt, publisher, service or item')}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            if (!e.target.value) setQ('');
          }}
          onPressEnter={() => setQ(draft)}
          style={{ width: 300 }}
          data-testid="reviews-q"
        />
      </Space>
      <Table<Review>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        data-testid="reviews-table"
        onRow={(r) => ({ 'data-testid': `review-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                status === 'pending'
                  ? t(
                      'Nothing waits for review. Items are held here when a rule whose action is “hold for review” matches (the words of a plain list do).',
                    )
                  : t('No item matches.')
              }
            />
          ),
        }}
        columns={[
          {
            title: t('Excerpt'),
            render: (_, r) => (
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Highlighted text={r.excerpt} matches={r.matches} testId="review-excerpt" />
                <MatchTags matches={r.matches} />
              </Space>
            ),
          },
          {
            title: t('Where'),
            width: 180,
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <Typography.Text>{r.service ?? '—'}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('publisher {{id}}', { id: r.publisher ?? '—' })}
                </Typography.Text>
                {r.url && (
                  <Typography.Link
                    href={r.url}
                    target="_blank"
                    rel="noreferrer"
                    ellipsis
                    style={{ fontSize: 12 }}
                  >
                    {r.url}
                  </Typography.Link>
                )}
              </Space>
            ),
          },
          { title: t('Held (Beijing time)'), width: 140, render: (_, r) => beijing(r.heldAt) },
          {
            title: t('Decision'),
            width: 190,
            render: (_, r) =>
              r.status === 'pending' ? (
                rights.decideReview ? (
                  <Space size={4}>
                    <Button
                      size="small"
                      icon={<CheckOutlined />}
                      onClick={() => void allow(r)}
                      data-testid="review-allow"
                    >
                      {t('Allow')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => setRemoving(r)}
                      data-testid="review-remove"
                    >
                      {t('Remove')}
                    </Button>
                  </Space>
                ) : (
                  <Tag color="gold">{t(reviewStatusLabel.pending)}</Tag>
                )
              ) : (
                <Space direction="vertical" size={0}>
                  <Tag color={r.status === 'removed' ? 'red' : 'green'}>{t(reviewStatusLabel[r.status])}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.decidedBy ?? ''} {beijing(r.decidedAt)}
                  </Typography.Text>
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
        testId="reviews-pager"
      />
      {removing && (
        <RemoveModal
          review={removing}
          onClose={() => setRemoving(null)}
          onDone={() => {
            setRemoving(null);
            list.reload();
          }}
        />
      )}
    </Space>
  );
}

function RemoveModal({
  review,
  onClose,
  onDone,
}: {
  review: Review;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ category?: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const strongest = review.matches.find((m) => m.action === 'block') ?? review.matches[0];
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api('POST', `/api/content/reviews/${review.id}/decision`, {
        decision: 'remove',
        note: v.note ?? '',
        ...(v.category ? { category: v.category } : {}),
      });
      message.success(
        t('Removed: a disposal record was written and the deletion requested from the platform.'),
      );
      onDone();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const codes = [...new Set([...(strongest ? [strongest.category] : []), ...categoryCodes])];
  return (
    <Modal
      open
      title={t('Remove this item')}
      okText={t('Remove')}
      okButtonProps={{ danger: true }}
      cancelText={t('Cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      data-testid="remove-modal"
    >
      <Form form={form} layout="vertical" initialValues={{ category: strongest?.category }}>
        <Form.Item name="category" label={t('Filed under')}>
          <Select options={codes.map((c) => ({ value: c, label: labelOf(t, categoryLabel, c) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('Note')}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="remove-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
