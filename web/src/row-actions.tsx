import { MoreOutlined } from '@ant-design/icons';
import { Button, Dropdown, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * A table row's actions behind one "more" button, so an actions column keeps
 * a fixed narrow width in either language (the layout test checks 1280 px).
 */
export function RowActions({
  items,
  onAction,
  testId,
}: {
  items: NonNullable<MenuProps['items']>;
  onAction: (key: string) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Dropdown trigger={['click']} menu={{ items, onClick: ({ key }) => onAction(key) }}>
      <Button
        size="small"
        type="text"
        icon={<MoreOutlined />}
        aria-label={t('Actions')}
        data-testid={testId}
      />
    </Dropdown>
  );
}
