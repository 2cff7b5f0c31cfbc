/** The operator's controllers by name, as metrics label them and `--concurrency` addresses them. */
export const CONTROLLER_NAMES = [
  'tenantlink',
  'tenantrelationship',
  'attributemapping',
  'syncscope',
  'accesspackagepolicy',
  'reviewschedule',
  'lifecycleworkflow',
] as const;

/** The name of one of the operator's controllers. */
export type ControllerName = (typeof CONTROLLER_NAMES)[number];
