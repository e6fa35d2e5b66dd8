import type { ProfileInput } from '../obligations/profile.js';

/**
 * The demo organisation: a Chinese internet company offering instant
 * messaging and cloud hosting, not a CII operator.
 */
export const demoProfile: ProfileInput = {
  name: '星河互联网科技有限公司 (Xinghe Internet Technology Co., Ltd.)',
  services: ['instant_messaging', 'cloud_services', 'information_publishing'],
  network_operator: true,
  central_state_organ: false,
  cii: { operator: false, voluntary: false, sector: null },
  products: { network_products_or_services: false, critical_equipment_or_security_products: false },
  personal_information: {
    processes: true,
    individuals: 3_200_000,
    sensitive_individuals: 40_000,
    cross_border: { individuals_this_year: 0, sensitive_individuals_this_year: 0, important_data: false },
  },
  mlps: {
    systems: [
      { name: '即时通讯平台 (IM platform)', level: 3 },
      { name: '云主机管理平台 (cloud hosting console)', level: 3 },
      { name: '企业官网 (corporate website)', level: 2 },
    ],
  },
};
