import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { sectors, services } from './profile-options.js';

/** The organisation profile's fields, in sections shared by Settings and the applicability wizard. */

export function ProfileBasics() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="name"
        label={t('Name')}
        rules={[{ required: true, message: t('Enter the name of the organisation.') }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="services" label={t('Services')}>
        <Checkbox.Group options={services.map((s) => ({ value: s, label: t(`service.${s}`) }))} />
      </Form.Item>
      <Space size="large" wrap>
        <Form.Item name="network_operator" label={t('Network operator')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          name="central_state_organ"
          label={t('Central or state organ (or a unit directly under one)')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      </Space>
    </>
  );
}

export function ProfileCii() {
  const { t } = useTranslation();
  return (
    <>
      <Card size="small" title={t('Critical information infrastructure')} style={{ marginBottom: 16 }}>
        <Space size="large" wrap>
          <Form.Item name={['cii', 'operator']} label={t('CII operator')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name={['cii', 'voluntary']} label={t('Voluntary participant')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name={['cii', 'sector']} label={t('Sector')} style={{ minWidth: 240 }}>
            <Select allowClear options={sectors.map((s) => ({ value: s, label: t(`sector.${s}`) }))} />
          </Form.Item>
        </Space>
      </Card>
      <Card size="small" title={t('Products')} style={{ marginBottom: 16 }}>
        <Space size="large" wrap>
          <Form.Item
            name={['products', 'network_products_or_services']}
            label={t('Provides network products or services')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item
            name={['products', 'critical_equipment_or_security_products']}
            label={t('Sells critical network equipment or security products')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Space>
      </Card>
    </>
  );
}

export function ProfilePersonalInformation() {
  const { t } = useTranslation();
  return (
    <>
      <Card size="small" title={t('Personal information')} style={{ marginBottom: 16 }}>
        <Space size="large" wrap>
          <Form.Item
            name={['personal_information', 'processes']}
            label={t('Processes personal information')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item name={['personal_information', 'individuals']} label={t('Individuals')}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item
            name={['personal_information', 'sensitive_individuals']}
            label={t('Individuals with sensitive data')}
          >
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item
            name={['personal_information', 'cross_border', 'individuals_this_year']}
            label={t('Sent abroad this year')}
          >
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item
            name={['personal_information', 'cross_border', 'sensitive_individuals_this_year']}
            label={t('Sensitive, sent abroad this year')}
          >
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item
            name={['personal_information', 'cross_border', 'important_data']}
            label={t('Important data sent abroad')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        </Space>
      </Card>
    </>
  );
}

export function ProfileSystems() {
  const { t } = useTranslation();
  return (
    <>
      <Card size="small" title={t('Systems under classified protection')} style={{ marginBottom: 16 }}>
        <Form.List name={['mlps', 'systems']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, message: t('Enter the name of the system.') }]}
                  >
                    <Input placeholder={t('System name')} style={{ width: 320 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'level']}
                    rules={[{ required: true, message: t('Enter the level.') }]}
                  >
                    <InputNumber min={1} max={5} addonBefore={t('Level')} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ name: '', level: 2 })} icon={<PlusOutlined />}>
                {t('Add system')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
    </>
  );
}
