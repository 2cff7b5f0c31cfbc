// Typed Graph calls of identity governance: entitlement management, access reviews, lifecycle workflows.
export * from './access-reviews.js';
export * from './entitlement.js';
export * from './lifecycle-workflows.js';
export { literal } from './odata.js';
export type * from './types.js';
