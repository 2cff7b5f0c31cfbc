export { lifecycleWorkflowsModule } from './module.js';
export { sentMail, type SentMail } from './admin.js';
