// What the reference says about each kind beyond its schema: its conditions and Events (from the reason
// catalogue in src/api, which the controllers' types are derived from), the annotations and finalizers it
// carries, and an example manifest.
import type { KindName, KindReasons } from '../../src/api/index.js';
import {
  APPROVE_DELETIONS_ANNOTATION,
  PROVISION_GROUP_NOW_ANNOTATION,
  PROVISION_NOW_ANNOTATION,
  REASONS,
  RESTART_JOB_ANNOTATION,
} from '../../src/api/index.js';
import { DELETE_IN_TENANT_FINALIZER } from '../../src/controllers/shared/reconcile.js';
import { SYNC_SCOPE_FINALIZER } from '../../src/controllers/sync-scope/controller.js';
import { SYNC_EXCLUSIONS_ANNOTATION } from '../../src/governance/exclusions.js';

/** An annotation or finalizer the operator reads or writes on a kind. */
export interface MetadataDoc {
  name: string;
  kind: 'annotation' | 'finalizer';
  meaning: string;
}

/** What the reference says about a kind beyond its schema. */
export interface KindNotes extends KindReasons {
  metadata: MetadataDoc[];
  /** An example manifest, relative to the repository root. */
  example: string;
}

const governanceFinalizer: MetadataDoc = {
  name: DELETE_IN_TENANT_FINALIZER,
  kind: 'finalizer',
  meaning:
    'Present while `deletionPolicy: Delete`: on deletion the operator first removes what the resource ' +
    'created in the tenant (in `mode: DryRun` it removes nothing), then the finalizer.',
};

const METADATA: Record<KindName, Omit<KindNotes, keyof KindReasons>> = {
  TenantLink: {
    example: 'examples/contoso/tenant-links.yaml',
    metadata: [],
  },
  SyncScope: {
    example: 'examples/contoso/sync-scopes.yaml',
    metadata: [
      {
        name: APPROVE_DELETIONS_ANNOTATION,
        kind: 'annotation',
        meaning:
          'Set it (any value) to let the next cycle make the deprovisions the deletion threshold holds. The ' +
          'operator removes it after that cycle (not in DryRun), so it approves one cycle only.',
      },
      {
        name: PROVISION_NOW_ANNOTATION,
        kind: 'annotation',
        meaning:
          'Set it to a source user (object id or UPN) to provision that user at once, between intervals: ' +
          '`status.provisionNow` then shows the scope tests, each attribute (source value, mapping, result) ' +
          "and the action with Graph's outcome, and an Event is recorded. The operator removes it afterwards; " +
          'in `mode: DryRun` nothing is written.',
      },
      {
        name: PROVISION_GROUP_NOW_ANNOTATION,
        kind: 'annotation',
        meaning:
          'Set it to a source group object id that `spec.groupSync` provisions to create or update that group ' +
          'and its member references at once, between intervals: `status.provisionGroupNow` shows whether the ' +
          'group is in scope, its mapped attributes, the member references added and removed, the members left ' +
          "out and why, and Graph's answer per write; an Event is recorded. It never deletes a group or creates " +
          'a user. The operator removes it afterwards; in `mode: DryRun` nothing is written. With `engine: Entra` ' +
          'it is refused (a Warning Event; Entra synchronizes users only here) and removed.',
      },
      {
        name: RESTART_JOB_ANNOTATION,
        kind: 'annotation',
        meaning:
          'Set it (any value) to restart synchronization. `engine: Operator`: the quarantine, Disabled ' +
          "included, is cleared and a cycle runs at once. `engine: Entra`: Entra's job restarts (its " +
          'watermark, escrows and quarantine are cleared and every user is evaluated again at the next cycle). ' +
          "The operator removes it afterwards. With `engine: Entra`, `crosstenant.io/provision-now` goes through Entra's provisionOnDemand " +
          'and its steps land in `status.entra.provisionNow`.',
      },
      {
        name: SYNC_SCOPE_FINALIZER,
        kind: 'finalizer',
        meaning:
          'Present while `deletionPolicy: Delete`: on deletion the operator soft-deletes every target user ' +
          'anchored to the source tenant, and with `spec.groupSync` deletes every target group carrying the ' +
          'source tenant in its group anchor (in $batches of 20), then removes the finalizer. Both TenantLinks ' +
          'must be Ready.',
      },
    ],
  },
  AttributeMapping: {
    example: 'examples/contoso/attribute-mapping.yaml',
    metadata: [],
  },
  AccessPackagePolicy: {
    example: 'examples/contoso/access-package-policy.yaml',
    metadata: [governanceFinalizer],
  },
  TenantRelationship: {
    example: 'examples/contoso/tenant-relationship.yaml',
    metadata: [
      {
        ...governanceFinalizer,
        meaning:
          'Present while `deletionPolicy: Delete`: on deletion the operator first removes the partner ' +
          'configurations of the declared pairs from both tenants (in `mode: DryRun` it removes nothing), then ' +
          'the finalizer.',
      },
    ],
  },
  ReviewSchedule: {
    example: 'examples/contoso/review-schedules.yaml',
    metadata: [
      {
        name: SYNC_EXCLUSIONS_ANNOTATION,
        kind: 'annotation',
        meaning:
          'Written by the operator with `onDeny: ExcludeFromSync`: the source users its denials excluded, as ' +
          'JSON (SyncScope, source and target user, since when, review instance). To lift one exclusion, set ' +
          '`"lifted": true` on its entry (do not remove the entry: the decision would record it again): the ' +
          'SyncScope provisions the user again, and only a denial in a later review instance excludes them ' +
          'anew. Removing `onDeny: ExcludeFromSync` lifts them all.',
      },
      governanceFinalizer,
    ],
  },
  LifecycleWorkflow: {
    example: 'examples/contoso/lifecycle-workflow.yaml',
    metadata: [governanceFinalizer],
  },
};

/** The notes of one kind: its reasons and its metadata. */
function notesOf(kind: KindName): KindNotes {
  const reasons: KindReasons = REASONS[kind];
  return { ...reasons, ...METADATA[kind] };
}

/** Conditions, Events, annotations, finalizers and examples by kind. */
export const KIND_NOTES = Object.fromEntries(
  (Object.keys(METADATA) as KindName[]).map((kind) => [kind, notesOf(kind)]),
) as Record<KindName, KindNotes>;
