/** Environment variables of the complaints area (README, "Content safety"). */
export const complaintVariables = [
  'WANGAN_CONTENT_COMPLAINT_WORKING_DAYS',
  'WANGAN_CONTENT_COMPLAINT_VERIFY',
] as const;
